#!/bin/sh
# Gateboard notification hook: post whose inbox an action changed to a chat webhook
# (Slack, Mattermost, Rocket.Chat and Teams "incoming webhook" URLs all take {"text": ...}).
#
#   ~/.config/gateboard/config.yaml:   hook: ~/bin/gateboard-chat-webhook.sh
#   export GATEBOARD_WEBHOOK_URL=https://hooks.example.com/services/...
#
# Needs curl and jq. Gateboard kills the hook after its timeout (default 10 s).
set -eu
: "${GATEBOARD_WEBHOOK_URL:?set GATEBOARD_WEBHOOK_URL to the incoming-webhook URL}"
# A board event (a delegation, its cancel) has no useCase: the board's name stands in.
payload=$(jq -c '{text: ([((if .useCase then "*" + .useCase.id + "* " + .useCase.title else "*" + .board.name + "*" end)
                            + ": " + .event.action + " by " + .event.actor)]
                 + [.notify[] | select(.change == "gained") | ("• " + .name + ": " + .message)] | join("\n"))}')
# Nothing gained by anyone: nobody to tell.
[ "$(printf '%s' "$payload" | jq '.text | split("\n") | length')" -gt 1 ] || exit 0
curl --silent --show-error --fail --max-time 8 -H 'Content-Type: application/json' \
     --data "$payload" "$GATEBOARD_WEBHOOK_URL" >/dev/null
