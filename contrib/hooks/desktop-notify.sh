#!/bin/sh
# Gateboard notification hook: a desktop notification (notify-send) when your own inbox
# gains something.
#
#   ~/.config/gateboard/config.yaml:   hook: ~/bin/gateboard-desktop-notify.sh
#   export GATEBOARD_NOTIFY_PERSON=omar          # your person id on the board
#
# Needs jq and notify-send (libnotify).
set -eu
me=${GATEBOARD_NOTIFY_PERSON:-${GATEBOARD_USER:-}}
[ -n "$me" ] || exit 0
jq -r --arg me "$me" '.notify[] | select(.person == $me and .change == "gained") | .message' |
while IFS= read -r message; do
    notify-send --app-name=Gateboard "Gateboard" "$message"
done
