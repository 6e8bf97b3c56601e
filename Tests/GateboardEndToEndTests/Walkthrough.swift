import Foundation

/// Drives a use case along the default policy's path with the fixture people, as each
/// stage's owner would. Each step is a real command; any refusal fails the test.
struct Walkthrough {
    let board: FixtureBoard
    let id: String

    init(board: FixtureBoard, title: String = "KYC document verification", tier: String = "medium") throws {
        self.board = board
        id = try board.create(title, tier: tier, now: "2026-10-01T09:00:00Z")
    }

    func toSpecification() throws {
        try board.act(["assign", id, "business_owner", "ana"], as: "ana", now: "2026-10-01T10:00:00Z")
        try board.act(["assign", id, "technical_owner", "ben"], as: "ana", now: "2026-10-01T10:01:00Z")
        try board.act(["advance", id, "--comment", "scoped"], as: "ana", now: "2026-10-02T09:00:00Z")
    }

    func toImplementation() throws {
        try board.act(["assign", id, "risk_reviewer", "rita"], as: "ana", now: "2026-10-03T09:00:00Z")
        try board.act(["evidence", id, "spec-reference", "--ref", "docs/kyc-spec.md@v1"], as: "ben", now: "2026-10-05T09:00:00Z")
        try board.act(["approve", id, "--comment", "risk review done"], as: "rita", now: "2026-10-06T09:00:00Z")
        try board.act(["advance", id], as: "ben", now: "2026-10-07T09:00:00Z")
    }

    func toCheckpoint() throws {
        try board.act(["edit", id, "--artifact", "model=models/kyc-classifier@3", "--artifact", "prompt=prompts/kyc.md@v2"],
                      as: "ben", now: "2026-10-10T09:00:00Z")
        try board.act(["assign", id, "ops_owner", "olga"], as: "ana", now: "2026-10-10T10:00:00Z")
        try board.act(["evidence", id, "eval-report", "--ref", "evals/kyc-v3.html"], as: "ben", now: "2026-10-20T09:00:00Z")
        try board.act(["evidence", id, "rollback-plan", "--ref", "runbooks/kyc-rollback.md"], as: "ben", now: "2026-10-20T09:05:00Z")
        try board.act(["evidence", id, "monitoring-plan", "--ref", "dashboards/kyc"], as: "olga", now: "2026-10-21T09:00:00Z")
        try board.act(["advance", id], as: "ben", now: "2026-10-22T09:00:00Z")
    }

    func toRelease() throws {
        try board.act(["approve", id, "--comment", "evals hold"], as: "rita", now: "2026-10-23T09:00:00Z")
        try board.act(["approve", id], as: "ana", now: "2026-10-23T10:00:00Z")
        try board.act(["advance", id], as: "rita", now: "2026-10-24T09:00:00Z")
    }

    func toProduction() throws {
        try board.act(["assign", id, "change_approver", "carl"], as: "ana", now: "2026-10-24T10:00:00Z")
        try board.act(["assign", id, "stop_ship", "olga"], as: "ana", now: "2026-10-24T10:01:00Z")
        try board.act(["evidence", id, "exception-runbook", "--ref", "runbooks/kyc-exceptions.md"], as: "olga", now: "2026-10-25T09:00:00Z")
        try board.act(["approve", id], as: "carl", now: "2026-10-26T09:00:00Z")
        try board.act(["advance", id], as: "carl", now: "2026-10-27T09:00:00Z")
    }

    func all() throws {
        try toSpecification()
        try toImplementation()
        try toCheckpoint()
        try toRelease()
        try toProduction()
    }

    func stage() throws -> String {
        let r = try board.run(["show", id, "--json"])
        return try r.object()["stage"] as? String ?? "?"
    }
}
