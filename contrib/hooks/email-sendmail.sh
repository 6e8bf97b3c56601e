#!/bin/sh
# Gateboard notification hook: mail each person whose inbox gained something.
#
#   ~/.config/gateboard/config.yaml:   hook: ~/bin/gateboard-email.sh
#   export GATEBOARD_MAIL_DOMAIN=example.com     # person id + @ + domain
#   export GATEBOARD_MAIL_FROM=gateboard@example.com
#
# Needs jq and a sendmail (postfix, msmtp, ssmtp, ...).
set -eu
: "${GATEBOARD_MAIL_DOMAIN:?set GATEBOARD_MAIL_DOMAIN}"
from=${GATEBOARD_MAIL_FROM:-gateboard@$GATEBOARD_MAIL_DOMAIN}
input=$(cat)
board=$(printf '%s' "$input" | jq -r '.board.name')
printf '%s' "$input" | jq -r '.notify[] | select(.change == "gained") | [.person, .message] | @tsv' |
while IFS="$(printf '\t')" read -r person message; do
    # Person ids are ASCII words (the policy enforces it): safe in an address.
    {
        printf 'From: %s\nTo: %s@%s\nSubject: [%s] %s\n\n' "$from" "$person" "$GATEBOARD_MAIL_DOMAIN" "$board" "$message"
        printf '%s\n\nRun: gateboard inbox --as %s\n' "$message" "$person"
    } | sendmail -t
done
