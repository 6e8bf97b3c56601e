#!/usr/bin/env bash
# Builds sample-data/: the board of Fenwick Harbour, a fictional mid-size brokerage and
# tax-filing firm, with months of history made by running the real `gateboard` binary with
# GATEBOARD_NOW stepped through time. Every use case got where it is through governed actions,
# so `gateboard verify` passes and `gateboard log` tells a believable story.
#
# The sample's "today" is 2026-11-26: demo with GATEBOARD_NOW=2026-11-26T09:00:00Z for the
# exact picture below. With the real clock the same patterns show, only older (waivers expire,
# stalls grow), which is what a board left alone does.
#
# Patterns on the board (triage reasons in brackets):
#   UC-0001 KYC document verification     healthy: walked the whole path, reviewed on time; its
#                                         precision monitor breached twice and recovered, and the
#                                         retraining it triggered waits in Priya's inbox [retrain]
#   UC-0002 Onboarding automation         checkpoint, risk approval void: its prompt file was edited after
#                                         approval (content drift, `check` names the file) [approval_waiting, stalled]
#   UC-0003 Payment-collection reminders  production, halted for two weeks, an open serious
#                                         severity-2 incident whose Art. 73 report is due tomorrow
#                                         [halted, incident_open, report_due, monitor_breach]
#   UC-0004 Support-ticket triage         pilot stuck in implementation for months, no business owner,
#                                         built before risk saw it [stalled, no_business_owner,
#                                         risk_not_engaged, metric_not_operational]
#   UC-0005 Fraud alert summarisation     specification, risk review not given, escalated [stalled]
#   UC-0006 Tax-deadline client assistant specification, no risk reviewer ever named [stalled, approval_waiting]
#   UC-0007 Advisor meeting notes         parked, review date passed [park_overdue]
#   UC-0008 Marketing personalisation     checkpoint, rejected by risk [stalled]
#   UC-0009 Rebalancing explanations      retired
#   UC-0010 Tax-return anomaly detection  scoped, new this week
#   UC-0011 Call-centre quality scoring   scoped for weeks, nobody owns it, no metric; its low tier
#                                         is below the screening's proposal (high), accepted by a tier override
#                                         [stalled, no_business_owner, metric_not_operational]
#   UC-0012 Tax document classification   release, waiver expiring in 5 days [waiver_expiring, approval_waiting, stalling]
#   UC-0013 Filing-status chatbot         production, live without risk consulted before build,
#                                         periodic review overdue, its deflection-rate monitor went
#                                         silent [risk_not_engaged, review_overdue, monitoring_silent]
#   UC-0014 Missing-document chaser       specification, on track
#   UC-0015 Trade confirmation matching   live model change sent it back to checkpoint
#   UC-0016 Dividend tax reclaim prefill  implementation, stalled, waiver expired [stalled, waiver_expired]
#   UC-0017 AML alert narratives          checkpoint, ops owner moved away [no_ops_owner]
#   Omar Haddad (risk) is away from 2026-11-25 (policy away: list) and has delegated his risk-reviewer
#   approvals to Sofia Brandt until 2026-12-11 (gateboard delegate): they wait in her inbox "for Omar
#   Haddad" [no approver_away while she can give them]
#
# Usage: Tests/SampleBoard/build-sample.sh [OUTPUT_DIR]   (default: sample-data/)
# Uses $GATEBOARD_BIN, else .build/debug/gateboard (run `swift build` first).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${GATEBOARD_BIN:-$ROOT/.build/debug/gateboard}
OUT=${1:-$ROOT/sample-data}
HERE="$ROOT/Tests/SampleBoard"
[ -x "$BIN" ] || { echo "build-sample: no gateboard binary at $BIN (run swift build)" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
BOARD="$TMP/board"
unset GATEBOARD_BOARD GATEBOARD_USER GATEBOARD_NOW GATEBOARD_SIGNING_KEY
command -v ssh-keygen >/dev/null || { echo "build-sample: ssh-keygen is missing (install openssh-client): the sample's decisions are signed" >&2; exit 1; }

"$BIN" init "$BOARD" --name "Fenwick Harbour — AI use cases" >/dev/null

# Replace the starter people with the firm's.
awk -v people="$HERE/people.yaml" '
    $0 == "people:" { print; while ((getline line < people) > 0) print line; skipping = 1; next }
    skipping && /^  / { next }
    { skipping = 0; print }
' "$BOARD/gateboard.yaml" >"$TMP/policy.yaml"
mv "$TMP/policy.yaml" "$BOARD/gateboard.yaml"
# Signed decisions: demo ed25519 keys for the fictional people, private halves kept in keys/
# (named by `demoKeys:`) so the sample and its tour work with no setup. Demo keys only.
mkdir -p "$BOARD/keys"
cat >"$BOARD/keys/README.txt" <<'KEYS'
DEMO KEYS. These are the private SSH keys of the sample board's fictional people, published
on purpose so that anyone can act on the sample board (policy: demoKeys: keys). Anyone with
this repository can sign as these people. Never use them, or this mechanism, for anything real:
real people keep their private keys to themselves (ssh-agent), and list only public keys.
KEYS
while read -r id; do
    # The committed demo keys are kept from one regeneration to the next, so the policy's key
    # list and keys/ do not churn with every `make sample`; a new person gets a new key.
    if [ -f "$ROOT/sample-data/keys/$id" ]; then
        cp "$ROOT/sample-data/keys/$id" "$BOARD/keys/$id"
        chmod 600 "$BOARD/keys/$id"
        pub=$(ssh-keygen -y -f "$BOARD/keys/$id" | cut -d' ' -f1,2)
    else
        ssh-keygen -q -t ed25519 -N "" -C "DEMO KEY of fictional $id - never use for real" -f "$BOARD/keys/$id" </dev/null
        pub=$(cut -d' ' -f1,2 "$BOARD/keys/$id.pub")
        rm "$BOARD/keys/$id.pub"
    fi
    sed -i "s|^\(  - {id: $id, .*\)}\$|\1, keys: [\"$pub\"]}|" "$BOARD/gateboard.yaml"
done < <(sed -n 's/^  - {id: \([a-z0-9_-]*\),.*/\1/p' "$HERE/people.yaml")
printf '\n# The sample only: private keys of the fictional people, in keys/ (see keys/README.txt).\ndemoKeys: keys\n' >>"$BOARD/gateboard.yaml"
grep -q '^signing: decisions' "$BOARD/gateboard.yaml" || { echo "build-sample: init did not write signing: decisions" >&2; exit 1; }
"$BIN" validate --board "$BOARD" >/dev/null
# Production operations: the monitors-defined control on the way into production for medium and
# high tiers, the firm's monitors, and its incident rules (a severity 1 halts).
awk '
    $0 == "  - id: ops-owner-named" {
        print "  - id: monitors-defined"
        print "    title: Production monitors defined"
        print "    kind: monitors-defined"
        print "    references: [EU AI Act Art. 72, ISO/IEC 42001 A.6.2.6, NIST AI RMF MANAGE 4.1]"
    }
    { print }
    $0 == "  - from: release" { in_release = 1 }
    in_release && $0 == "    anyRejectionBlocks: true" {
        print "    tiers:"
        print "      medium:"
        print "        controls: [monitors-defined]"
        print "      high:"
        print "        controls: [monitors-defined]"
        in_release = 0
    }
' "$BOARD/gateboard.yaml" >"$TMP/policy.yaml"
cat >>"$TMP/policy.yaml" <<'YAML'

# Production monitors: what each tier's live systems report, and what a breach sets off.
monitors:
  - {name: weekly-complaints, tiers: [medium, high], direction: above, warn: 5, breach: 20, staleAfterDays: 8, onBreach: incident, severity: 2}
  - {name: precision, tiers: [high], direction: below, warn: 0.92, breach: 0.88, staleAfterDays: 7, onBreach: retrain}
  - {name: deflection-rate, useCases: [UC-0013], direction: below, warn: 0.65, breach: 0.5, staleAfterDays: 3, onBreach: review}

# Incidents: response times per severity and the EU AI Act Art. 73 reporting deadlines.
incidents:
  haltOnSeverity1: true
  ackHours: {1: 1, 2: 4, 3: 24, 4: 72}
  resolveHours: {1: 24, 2: 120, 3: 336, 4: 720}
  reportDays: {general: 15, widespread: 2, death: 10}
YAML
mv "$TMP/policy.yaml" "$BOARD/gateboard.yaml"
"$BIN" validate --board "$BOARD" >/dev/null
cp "$BOARD/gateboard.yaml" "$TMP/policy-current.yaml"

# The files the use cases refer to (specs, prompts, evaluation reports, runbooks), written
# before any use case records them, so their references are local and their content ids
# (git blob ids) are recorded with them. Models and dashboards stay external.
write_file() { # PATH TEXT
    mkdir -p "$BOARD/$(dirname "$1")"
    printf '%s\n' "$2" >"$BOARD/$1"
}
for n in $(seq -w 1 17); do
    uc="UC-00$n"
    write_file "specs/$uc.md" "# $uc specification

Scope, users, data sources and the operational success metric for $uc."
    write_file "evals/$uc/report.html" "<html><body><h1>$uc evaluation report</h1><p>Held-out set from the last quarter.</p></body></html>"
    write_file "evals/$uc/fairness.html" "<html><body><h1>$uc fairness evaluation</h1><p>By age band, region and account type.</p></body></html>"
    write_file "runbooks/$uc-rollback.md" "# $uc rollback

1. Switch the feature flag off. 2. Confirm traffic is back on the manual path. 3. Tell the ops owner."
    write_file "runbooks/$uc-exceptions.md" "# $uc exceptions

Who handles cases the model declines, and within what time."
done
for prompt in aml-narrative campaign-copy confirm-parse doc-classify kyc-extract reminder-email status-bot; do
    write_file "prompts/$prompt.md" "You are an assistant for Fenwick Harbour ($prompt). Answer only from the documents given."
done
write_file "prompts/prefill.md" "You pre-fill the account-opening form from the lead form and KYC record.
Fill: name, address, date of birth, tax residency.
Leave a field empty when the sources disagree."

# Until March 2026 the firm's policy had no risk review before build: risk first saw a use
# case at checkpoint. Two pilots from that era still show it (triage: risk_not_engaged).
awk '
    /^  - from: specification$/ { in_spec = 1 }
    /^  - from: implementation$/ { in_spec = 0 }
    in_spec && ($0 == "    approvals:" || $0 == "      - {role: risk_reviewer, control: risk-review}") { next }
    { print }
' "$TMP/policy-current.yaml" >"$TMP/policy-pilot-era.yaml"
pilot_era_policy() { cp "$TMP/policy-pilot-era.yaml" "$BOARD/gateboard.yaml"; }
current_policy() { cp "$TMP/policy-current.yaml" "$BOARD/gateboard.yaml"; }

# ts "2026-04-06 09:10" -> 2026-04-06T09:10:00Z
ts() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }

# gb WHEN WHO ARGS... : one governed action, at that moment, by that person. Any refusal stops the build.
gb() {
    local when=$1 who=$2
    shift 2
    if ! GATEBOARD_NOW=$(ts "$when") "$BIN" "$@" --as "$who" --board "$BOARD" >"$TMP/out" 2>"$TMP/err"; then
        echo "build-sample: refused at $when as $who: gateboard $*" >&2
        cat "$TMP/err" >&2
        exit 1
    fi
}

# --- Risk screening (issue 19): each use case's intake answers, given with `new` --------------
# annex_iii personal_data customer_facing automated_decision vendor_model, by title. Each proposes
# at most the tier the firm chose, except the call-centre scoring (an Annex III employment use:
# proposes high), whose low tier Sofia accepted with a tier override (UC-0011 below). Rules that
# add controls do so only at gates these use cases have passed, so no gate changes.
declare -A SCREENING=(
    ["KYC document verification"]="none yes no no yes"
    ["Onboarding automation: account-opening pre-fill"]="none yes no no no"
    ["Payment-collection reminders for tax filings"]="none yes yes no no"
    ["Support-ticket triage"]="none no no no no"
    ["Fraud alert summarisation"]="none yes no no no"
    ["Tax-deadline client assistant"]="none no yes no no"
    ["Advisor meeting notes summarisation"]="none yes no no no"
    ["Marketing email personalisation"]="none yes yes no no"
    ["Portfolio rebalancing explanations"]="none no no no yes"
    ["Tax-return anomaly detection"]="none yes no no no"
    ["Call-centre quality scoring"]="employment no no no no"
    ["Tax document classification"]="none yes no no no"
    ["Filing-status client chatbot"]="none no yes no no"
    ["Missing-document chaser"]="none no no no no"
    ["Trade confirmation matching"]="none no no no no"
    ["Dividend withholding-tax reclaim prefill"]="none yes no no no"
    ["AML alert narrative drafting"]="none yes no no no"
)
# screening_answers TITLE : sets ANSWERS to the --answer flags for that title (none when unlisted).
screening_answers() {
    ANSWERS=()
    local values q i=0
    read -r -a values <<<"${SCREENING[$1]:-}"
    [ ${#values[@]} -eq 5 ] || return 0
    for q in annex_iii personal_data customer_facing automated_decision vendor_model; do
        ANSWERS+=(--answer "$q=${values[$i]}")
        i=$((i + 1))
    done
}

# screened_for ID CONTROL : whether the use case's screening adds CONTROL to one of its gates.
screened_for() {
    "$BIN" show "$1" --board "$BOARD" --json | jq -e --arg c "$2" '[.screening.reasons[]?.controls[]] | index($c) != null' >/dev/null
}

# new WHEN WHO TIER TITLE PROBLEM METRIC : creates a use case (with its screening answers); sets $ID.
new() {
    screening_answers "$4"
    gb "$1" "$2" new --tier "$3" --title "$4" --problem "$5" --metric "$6" "${ANSWERS[@]}" --json
    ID=$(jq -r .id "$TMP/out")
}

# --- The stage walks, as each stage's owners do them -------------------------------------

# scoped -> specification
scope() { # ID DAY BO TO
    gb "$2 09:30" "$3" assign "$1" business_owner "$3"
    gb "$2 09:35" "$3" assign "$1" technical_owner "$4"
    gb "$2 16:00" "$3" advance "$1" --comment "Problem and metric agreed with the team"
}

# specification -> implementation (risk joins before build)
specify() { # ID DAY1 DAY2 TO RR TIER
    gb "$2 10:00" "$4" evidence "$1" spec-reference --ref "specs/$1.md@v1" --note "Reviewed with the business owner"
    gb "$2 10:05" "$4" edit "$1" --artifact "spec=specs/$1.md@v1"
    gb "$2 11:00" "$4" assign "$1" risk_reviewer "$5"
    if [ "$6" = high ] || screened_for "$1" data-protection-assessment; then
        gb "$3 09:00" "$5" evidence "$1" data-protection-assessment --ref "dpia/$1-dpia.pdf" --note "Personal data of clients; lawful basis: contract"
    fi
    gb "$3 14:00" "$5" approve "$1" --comment "Risk review done: data flows and failure modes understood"
    gb "$3 15:00" "$4" advance "$1"
}

# specification -> implementation under the pilot-era policy: no risk reviewer involved
specify_pilot_era() { # ID DAY TO
    gb "$2 10:00" "$3" evidence "$1" spec-reference --ref "specs/$1.md@v1"
    gb "$2 10:05" "$3" edit "$1" --artifact "spec=specs/$1.md@v1"
    gb "$2 15:00" "$3" advance "$1" --comment "Spec signed off by the product team"
}

# implementation -> checkpoint
build() { # ID DAY1 DAY2 TO OPS TIER MODEL PROMPT
    gb "$2 10:00" "$4" edit "$1" --artifact "model=$7" --artifact "prompt=$8"
    gb "$2 10:10" "$4" assign "$1" ops_owner "$5"
    gb "$3 09:00" "$4" evidence "$1" eval-report --ref "evals/$1/report.html" --note "Held-out set from the last quarter"
    gb "$3 09:10" "$4" evidence "$1" rollback-plan --ref "runbooks/$1-rollback.md"
    if [ "$6" = high ]; then
        gb "$3 09:20" "$4" evidence "$1" bias-evaluation --ref "evals/$1/fairness.html" --note "By age band, region and account type"
    fi
    gb "$3 09:30" "$5" evidence "$1" monitoring-plan --ref "https://grafana.fenwick.internal/d/$1"
    gb "$3 16:00" "$4" advance "$1" --comment "Evals in, ready for checkpoint review"
}

# checkpoint -> release
checkpoint() { # ID DAY RR BO TIER CA
    if [ "$5" = high ]; then
        gb "$2 09:00" "$3" attest "$1" human-oversight --note "Analyst confirms every decision; sampled daily"
        gb "$2 09:05" "$3" assign "$1" change_approver "$6"
    fi
    gb "$2 10:00" "$3" approve "$1" --comment "Evidence reviewed; residual risk acceptable"
    gb "$2 11:00" "$4" approve "$1" --comment "Meets the business case"
    if [ "$5" = high ]; then
        gb "$2 11:30" "$6" approve "$1" --comment "Change plan acceptable"
    fi
    gb "$2 15:00" "$3" advance "$1"
}

# release -> production
release() { # ID DAY1 DAY2 CA SS OPS TIER (high tiers named the change approver at checkpoint)
    [ "$7" = high ] || gb "$2 09:00" "$4" assign "$1" change_approver "$4"
    gb "$2 09:05" "$4" assign "$1" stop_ship "$5"
    gb "$2 10:00" "$6" evidence "$1" exception-runbook --ref "runbooks/$1-exceptions.md"
    gb "$3 10:00" "$4" approve "$1" --comment "CAB approved; release window Tuesday 18:00"
    gb "$3 18:00" "$4" advance "$1" --comment "Live"
}

# --- UC-0001: the healthy one, end to end -------------------------------------------------
new "2026-04-06 09:10" maya high "KYC document verification" \
    "Onboarding analysts check passports, ID cards and utility bills by hand: 11 minutes per new client, and 4% of files come back from compliance QA." \
    "Median KYC handling time under 4 minutes with QA return rate at or below 2%, measured weekly from the onboarding queue"
scope "$ID" 2026-04-08 maya priya
specify "$ID" 2026-04-14 2026-04-29 priya omar high
# Screening: a vendor model, so its vendor is assessed before it leaves implementation.
write_file "vendors/doc-verifier-assessment.md" "# Vendor assessment: document verifier model

Supplier due diligence, data processing terms, model card and incident notification terms reviewed."
gb "2026-05-04 10:00" omar evidence "$ID" vendor-assessment --ref "vendors/doc-verifier-assessment.md" --note "Supplier due diligence and DPA reviewed"
build "$ID" 2026-05-06 2026-06-15 priya nadia high "models/doc-verifier@2.3.1" "prompts/kyc-extract.md@v4"
gb "2026-06-16 10:00" maya comment "$ID" "Pilot with the Leeds onboarding team: 41% faster, no QA returns in two weeks"
checkpoint "$ID" 2026-06-18 omar maya high henrik
release "$ID" 2026-06-22 2026-06-24 henrik nadia nadia high
for day in 2026-07-23 2026-08-21 2026-09-20 2026-10-20; do
    gb "$day 11:00" nadia review "$ID" --comment "Monthly review: drift within bounds, QA returns 1.6%"
done
# The nightly evaluation: precision dips after the new ID-card layout, twice, then recovers;
# each breach asks the technical owner to retrain (still pending: no model change yet).
for sample in "2026-11-02 0.95" "2026-11-06 0.91" "2026-11-10 0.86" "2026-11-14 0.90" "2026-11-16 0.87" "2026-11-25 0.93"; do
    set -- $sample
    gb "$1 06:00" nadia signal "$ID" precision "$2" --source nightly-eval
    if [ "$1" = 2026-11-16 ]; then
        gb "2026-11-19 11:00" nadia review "$ID" --comment "Monthly review: precision dipped twice since the new ID-card layout; retraining planned"
    fi
done
gb "2026-11-25 06:30" nadia signal "$ID" weekly-complaints 1 --source crm-export

# --- UC-0002: checkpoint, the risk approval voided by a prompt change ----------------------
new "2026-08-03 10:00" tomas medium "Onboarding automation: account-opening pre-fill" \
    "New clients retype details we already hold from the lead form and KYC; 23% abandon the account-opening journey." \
    "Account-opening abandonment below 15% over a rolling 4 weeks, from web analytics"
scope "$ID" 2026-08-05 tomas daniel
specify "$ID" 2026-08-12 2026-08-26 daniel omar medium
build "$ID" 2026-09-02 2026-11-16 daniel ravi medium "models/form-prefill@1.4.0" "prompts/prefill.md"
gb "2026-11-18 10:00" omar approve "$ID" --comment "Field mapping and redaction checks hold"
# The prompt is edited in place after Omar approved it, under the same name: no action records
# it, but its content no longer matches the blob his approval is bound to, so `gateboard check
# UC-0002` fails naming the file and both blob ids.
write_file "prompts/prefill.md" "You pre-fill the account-opening form from the lead form and KYC record.
Fill: name, address, date of birth.
Never pre-fill tax residency: the client confirms it.
Leave a field empty when the sources disagree."
gb "2026-11-19 15:35" daniel comment "$ID" "Edited prompts/prefill.md: it stops pre-filling the tax residency field; needs a fresh look from risk"
# Evidence bound to its content (issue 17): the evaluation report Daniel added on 2026-11-16 is
# re-run on the edited prompt and overwritten in place. `show UC-0002`, the gate pane and the
# inbox mark it "changed since Daniel Osei added it on 2026-11-16"; it was added for the
# implementation gate, already passed, so it blocks nothing here (evidenceMustResolve is on).
write_file "evals/$ID/report.html" "<html><body><h1>$ID evaluation report</h1><p>Re-run on the edited prompt: tax residency left to the client.</p></body></html>"

# --- UC-0003: live, halted ----------------------------------------------------------------
new "2026-03-02 09:00" tomas medium "Payment-collection reminders for tax filings" \
    "Clients miss the self-assessment payment deadline; collections staff send reminders by hand from a spreadsheet." \
    "Late payments on filed returns down from 9% to under 5% per filing season, from the billing ledger"
scope "$ID" 2026-03-04 tomas lena
specify "$ID" 2026-03-10 2026-03-24 lena sofia medium
build "$ID" 2026-03-30 2026-05-18 lena nadia medium "models/reminder-timing@1.1.0" "prompts/reminder-email.md@v3"
checkpoint "$ID" 2026-05-21 sofia tomas medium henrik
release "$ID" 2026-05-26 2026-05-28 henrik nadia nadia medium
gb "2026-08-25 11:00" nadia review "$ID" --comment "Quarterly review: late payments 5.8%, trending down"
gb "2026-11-12 08:35" nadia incident open "$ID" --severity 2 --serious \
    --summary "Payment reminders sent to clients who had already paid; duplicate-payment complaints"
gb "2026-11-12 08:40" nadia halt "$ID" --reason "Reminders sent to clients who had already paid: 37 duplicate-payment complaints overnight"
gb "2026-11-12 08:50" nadia incident ack "$ID#I1" --note "Halted; reminders switched to manual"
# The complaints feed breaches after the halt: recorded, nothing more set off.
gb "2026-11-12 09:00" nadia signal "$ID" weekly-complaints 37 --source crm-export
gb "2026-11-12 09:15" lena incident note "$ID#I1" "Ledger sync lagged 36 hours after the bank holiday"
gb "2026-11-12 09:16" lena comment "$ID" "Root cause: the ledger sync lagged 36 hours after the bank holiday; fix needs a change to the data feed"
gb "2026-11-18 16:00" tomas comment "$ID" "Collections are back to manual reminders. Need a date for the fix."

# --- UC-0004: the pilot stuck in implementation, nobody owns it ----------------------------
pilot_era_policy
new "2026-02-16 14:00" lena low "Support-ticket triage" \
    "The support inbox gets 1,900 tickets a week; routing to the right desk takes an agent's whole morning." \
    "Support leads like the demo"
scope "$ID" 2026-02-18 tomas lena
specify_pilot_era "$ID" 2026-02-25 lena
current_policy
gb "2026-03-20 10:00" lena edit "$ID" --artifact "model=models/ticket-router@0.3.0"
gb "2026-04-02 11:00" lena comment "$ID" "Demo to support leads went well; accuracy 81% on last month's tickets"
gb "2026-05-20 09:00" lena unassign "$ID" business_owner
gb "2026-05-20 09:05" lena comment "$ID" "Tomás moved to the tax product line; support has not named a new sponsor"
gb "2026-07-08 15:00" lena comment "$ID" "Still running as a shadow pilot on one desk"
gb "2026-09-30 10:00" sofia comment "$ID" "No eval report or rollback plan yet; is this still going anywhere?"

# --- UC-0005: fraud summaries waiting on risk, escalated -----------------------------------
new "2026-09-21 09:00" maya high "Fraud alert summarisation" \
    "Fraud analysts read 30-60 raw events per card-fraud alert before deciding; the queue is 2 days behind at month end." \
    "Median time to decision per fraud alert under 6 minutes, with no increase in missed-fraud write-offs (monthly)"
scope "$ID" 2026-09-24 maya priya
gb "2026-10-02 10:00" priya evidence "$ID" spec-reference --ref "specs/$ID.md@v2"
gb "2026-10-02 10:05" priya assign "$ID" risk_reviewer sofia
gb "2026-10-05 09:00" priya comment "$ID" "Risk review requested from Sofia"
gb "2026-10-26 09:00" priya comment "$ID" "Nudged again: we need the risk review and the DPIA to start the build"
gb "2026-11-16 09:30" priya escalate "$ID" --to grace --reason "Risk review requested six weeks ago, no response; fraud ops need this before the January peak"

# --- UC-0006: the one where risk was never consulted ---------------------------------------
new "2026-10-12 10:00" tomas medium "Tax-deadline client assistant" \
    "Clients call the helpline to ask which deadlines apply to them; 40% of January calls are this question." \
    "Share of January helpline calls about deadlines below 20%, from call-reason codes"
scope "$ID" 2026-10-15 tomas daniel
gb "2026-10-20 10:00" daniel evidence "$ID" spec-reference --ref "specs/$ID.md@v1"
gb "2026-10-27 14:00" daniel comment "$ID" "Prototype answers 92% of sample questions correctly; keen to start building"
gb "2026-11-10 11:00" tomas comment "$ID" "Can we skip straight to the build? The vendor demo looked solid."

# --- UC-0007: parked, review date passed ---------------------------------------------------
new "2026-05-11 09:00" maya medium "Advisor meeting notes summarisation" \
    "Advisors spend 25 minutes after each client meeting writing the suitability note." \
    "Time to a filed suitability note under 10 minutes, with compliance sampling pass rate at or above 98%"
scope "$ID" 2026-05-13 maya priya
specify "$ID" 2026-05-20 2026-06-03 priya omar medium
gb "2026-06-20 10:00" priya edit "$ID" --artifact "model=vendor:notetaker-pro@2026-06"
gb "2026-08-28 15:00" maya park "$ID" --reason "Recording consent wording under legal review; vendor contract on hold" --review 2026-11-01

# --- UC-0008: rejected at checkpoint -------------------------------------------------------
new "2026-07-06 09:00" tomas medium "Marketing email personalisation" \
    "Campaign emails are generic; click-through on tax-season offers is 1.1%." \
    "Click-through on tax-season campaigns at or above 2.5% without a rise in unsubscribes, per campaign"
scope "$ID" 2026-07-08 tomas lena
specify "$ID" 2026-07-15 2026-07-29 lena omar medium
build "$ID" 2026-08-05 2026-11-09 lena ravi medium "models/next-offer@0.9.2" "prompts/campaign-copy.md@v5"
gb "2026-11-12 14:00" omar reject "$ID" --comment "Targets offers using portfolio holdings; the consent basis for that use is not documented"
gb "2026-11-13 09:00" tomas comment "$ID" "Asked legal for the consent wording from the 2025 privacy notice"

# --- UC-0009: retired -----------------------------------------------------------------------
new "2026-03-16 09:00" maya low "Portfolio rebalancing explanations" \
    "Clients ask why their model portfolio was rebalanced; advisors write each answer by hand." \
    "Rebalancing queries answered within one business day, 95% of the time"
scope "$ID" 2026-03-18 maya daniel
gb "2026-04-20 10:00" daniel comment "$ID" "Vendor discontinued the explanation API we were building on"
gb "2026-05-04 16:00" maya retire "$ID" --reason "Vendor API discontinued; revisit with the in-house model next year"

# --- UC-0010: new this week -----------------------------------------------------------------
new "2026-11-23 09:30" maya high "Tax-return anomaly detection" \
    "Reviewers check every prepared return line by line; errors found after filing cost amendments and client trust." \
    "Post-filing amendments per 1,000 returns down 30% season on season"
gb "2026-11-23 09:35" maya assign "$ID" business_owner maya
gb "2026-11-24 11:00" maya comment "$ID" "Looking for a technical owner: Priya or Daniel after the KYC release?"

# --- UC-0011: sitting in scoped, nobody owns it ---------------------------------------------
new "2026-10-05 10:00" lena low "Call-centre quality scoring" \
    "QA listens to 2% of calls; coaching is based on a tiny sample." \
    ""
# Screening proposes high (Annex III: employment); risk accepts low, with the reason on record.
gb "2026-10-06 09:00" sofia tier-override "$ID" --reason "Scores calls for coaching themes only; never used to evaluate or allocate work to individual agents"
gb "2026-10-19 10:00" lena comment "$ID" "Ops leadership interested, but no sponsor yet"

# --- UC-0012: in release, a waiver about to expire ------------------------------------------
new "2026-06-01 09:00" maya medium "Tax document classification" \
    "Clients upload P60s, P11Ds, dividend vouchers and bank letters in one pile; preparers sort them by hand." \
    "95% of uploaded documents auto-filed to the right category, measured weekly on preparer corrections"
scope "$ID" 2026-06-03 maya daniel
specify "$ID" 2026-06-10 2026-06-24 daniel sofia medium
build "$ID" 2026-07-01 2026-11-04 daniel nadia medium "models/doc-classifier@3.0.2" "prompts/doc-classify.md@v2"
checkpoint "$ID" 2026-11-19 sofia maya medium henrik
gb "2026-11-20 16:00" henrik assign "$ID" change_approver henrik
gb "2026-11-20 16:05" henrik assign "$ID" stop_ship nadia
gb "2026-11-21 09:00" omar waive "$ID" exception-runbook --reason "Runbook drafted; ops sign-off after the December freeze. Preparers correct misfiles by hand meanwhile" --until 2026-12-01
gb "2026-11-21 10:00" daniel comment "$ID" "Waiting on Henrik's change approval before the release window"

# --- UC-0013: live, periodic review overdue -------------------------------------------------
pilot_era_policy
new "2026-01-12 09:00" tomas medium "Filing-status client chatbot" \
    "'Has my return been filed?' is a third of all client messages in January." \
    "Filing-status questions resolved without an agent for at least 70% of conversations, monthly"
scope "$ID" 2026-01-14 tomas lena
specify_pilot_era "$ID" 2026-01-20 lena
current_policy
build "$ID" 2026-02-09 2026-04-20 lena ravi medium "models/status-bot@1.0.0" "prompts/status-bot.md@v8"
gb "2026-04-21 09:00" tomas assign "$ID" risk_reviewer omar
checkpoint "$ID" 2026-04-23 omar tomas medium henrik
release "$ID" 2026-04-27 2026-04-30 henrik ravi ravi medium
gb "2026-06-15 10:00" ravi comment "$ID" "74% resolved without an agent in May"
# The chatbot's deflection export stopped after 1 November: the monitor has gone silent.
gb "2026-10-30 07:00" ravi signal "$ID" deflection-rate 0.72 --source chat-analytics
gb "2026-11-01 07:00" ravi signal "$ID" deflection-rate 0.69 --source chat-analytics
gb "2026-11-24 07:00" ravi signal "$ID" weekly-complaints 2 --source crm-export

# --- UC-0014: on track in specification -----------------------------------------------------
new "2026-11-02 09:00" tomas low "Missing-document chaser" \
    "Preparers chase clients for missing tax forms by email, often three or four times per return." \
    "Returns waiting on client documents for more than 14 days down by half, weekly"
scope "$ID" 2026-11-05 tomas lena
gb "2026-11-18 10:00" lena evidence "$ID" spec-reference --ref "specs/$ID.md@v1"
gb "2026-11-18 10:05" lena assign "$ID" risk_reviewer omar
gb "2026-11-24 14:00" omar comment "$ID" "Reading the spec; risk review on Friday"

# --- UC-0015: a live model change back to checkpoint ----------------------------------------
new "2026-02-09 09:00" maya medium "Trade confirmation matching" \
    "Operations match broker trade confirmations to orders by hand; breaks are found a day late." \
    "Unmatched confirmations at end of day below 0.5%, daily"
scope "$ID" 2026-02-11 maya priya
specify "$ID" 2026-02-17 2026-03-03 priya sofia medium
build "$ID" 2026-03-09 2026-05-25 priya nadia medium "models/confirm-matcher@1.2.0" "prompts/confirm-parse.md@v3"
checkpoint "$ID" 2026-05-28 sofia maya medium henrik
release "$ID" 2026-06-01 2026-06-03 henrik nadia nadia medium
gb "2026-08-31 10:00" nadia review "$ID" --comment "Unmatched at EOD 0.3%"
gb "2026-11-17 10:00" priya edit "$ID" --artifact "model=models/confirm-matcher@2.0.0"
gb "2026-11-17 10:05" priya change "$ID" --kind model --summary "Matcher v2: handles multi-leg FX confirmations"
gb "2026-11-24 15:00" sofia approve "$ID" --comment "Regression suite and shadow run look good"

# --- UC-0016: stalled in implementation, its waiver expired ---------------------------------
new "2026-08-10 09:00" maya high "Dividend withholding-tax reclaim prefill" \
    "Reclaim forms for foreign dividend withholding tax are filled by hand per client per country." \
    "Reclaim forms prepared per preparer-hour up 3x, with rejection rate by tax authorities at or below today's 3%"
scope "$ID" 2026-08-12 maya daniel
specify "$ID" 2026-08-19 2026-09-02 daniel omar high
gb "2026-09-07 10:00" daniel edit "$ID" --artifact "model=models/reclaim-prefill@0.4.0"
gb "2026-09-20 10:00" daniel evidence "$ID" eval-report --ref "evals/$ID/report.html"
gb "2026-10-16 10:00" sofia waive "$ID" monitoring-plan --reason "Pilot on 20 clients only; monitoring built with the production feed" --until 2026-11-14
gb "2026-11-03 11:00" daniel comment "$ID" "Swiss and German forms done; French form layout changed, rework needed"

# --- UC-0017: at checkpoint, its ops owner moved away ---------------------------------------
new "2026-05-04 09:00" maya high "AML alert narrative drafting" \
    "Investigators write a narrative for every AML alert they close; 40 minutes each, inconsistent quality." \
    "Median narrative time under 15 minutes with QA pass rate at or above 97%, monthly"
scope "$ID" 2026-05-06 maya priya
specify "$ID" 2026-05-13 2026-05-27 priya omar high
build "$ID" 2026-06-03 2026-11-20 priya ravi high "models/aml-narrator@1.1.0" "prompts/aml-narrative.md@v5"
gb "2026-11-23 09:00" ravi unassign "$ID" ops_owner
gb "2026-11-23 09:05" ravi comment "$ID" "I have moved to the payments platform team; financial crime ops needs to name an owner"
gb "2026-11-24 10:00" omar attest "$ID" human-oversight --note "Investigator edits and signs every narrative"

# --- The AI register: inventory fields and templates (issue 19) -------------------------------
# The firm records its register's fields (policy fields:) on its live and nearly-live use cases,
# and the template each one follows (policy templates:). Recorded on 24 November before the
# stand-up (UC-0001 on the 25th, after its latest monitoring samples), by each use case's
# creator; the templates add no control to the gates these use cases stand at, so no gate
# changes. `gateboard inventory` exports it all.
gb "2026-11-25 08:00" maya edit UC-0001 --template document-extraction \
    --field "intended_purpose=Check identity documents and proof of address for new clients; never decides alone" \
    --field data_categories=personal,identity_documents --field affected_people=prospective_clients \
    --field "vendor_model=models/doc-verifier@2.3.1 (in-house, fine-tuned)"
gb "2026-11-24 09:01" tomas edit UC-0002 --field "intended_purpose=Pre-fill account-opening forms from documents clients upload" \
    --field data_categories=personal,financial --field affected_people=prospective_clients --field autonomy_level=human_in_loop \
    --field deployment_context=internal --field planned_go_live=2027-01-18
gb "2026-11-24 09:02" tomas edit UC-0003 --field "intended_purpose=Remind clients of payments due for their tax filings" \
    --field data_categories=personal,financial --field affected_people=clients --field autonomy_level=automated \
    --field deployment_context=customer_facing
gb "2026-11-24 09:03" tomas edit UC-0006 --template customer-assistant --field planned_go_live=2027-03-02
gb "2026-11-24 09:04" tomas edit UC-0013 --template customer-assistant \
    --field "intended_purpose=Answer clients' questions about the status of their filings" \
    --field data_categories=personal --field "vendor_model=Hosted LLM (vendor contract FH-2025-114)"
gb "2026-11-24 09:05" maya edit UC-0016 --template document-extraction --field data_categories=financial,documents

# --- Stand-ups held on Tuesdays and Thursdays, run by Maya ------------------------------------
for day in 2026-11-03 2026-11-05 2026-11-10 2026-11-12 2026-11-17 2026-11-19 2026-11-24; do
    gb "$day 09:30" maya standup --mark
done

# --- Delegation: Omar hands his risk-reviewer approvals to Sofia while on leave ---------------
# A board event (audit/_board.jsonl, signed with Omar's demo key), in force on the sample's today:
# Sofia's inbox shows Omar's approvals "for Omar Haddad" (`gateboard approve UC-0014 --as sofia`
# records one "for Omar Haddad (delegation from 2026-11-25)"); approver_away stays quiet while
# she can give them.
gb "2026-11-25 08:00" omar delegate --to sofia --from 2026-11-25 --until 2026-12-11 --role risk_reviewer

# --- Omar is on leave from 25 November: the approvals only he can give wait on him -------------
# (triage: approver_away on UC-0002, UC-0008, UC-0014 and UC-0017). The policy's away: list is data the
# firm keeps with the policy; appending it changes no recorded event.
cat >>"$BOARD/gateboard.yaml" <<'AWAY'

away:
  - {person: omar, from: 2026-11-25, until: 2026-12-11, note: Annual leave}
AWAY

# --- Check and publish ------------------------------------------------------------------------
GATEBOARD_NOW=2026-11-26T09:00:00Z "$BIN" validate --board "$BOARD"
GATEBOARD_NOW=2026-11-26T09:00:00Z "$BIN" verify --board "$BOARD"
rm -rf "$OUT"
mkdir -p "$OUT"
cp -R "$BOARD/." "$OUT/"
rm -rf "$OUT/.gateboard.lock" "$OUT/.gateboard"
echo "sample board written to $OUT"
