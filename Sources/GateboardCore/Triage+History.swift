/// How much audit history triage needs: only `risk_not_engaged` reads events, and only those
/// up to the use case's first entry into the build stage (`riskEngaged` stops there). Readers
/// use this to read a log's start instead of all of it.
extension Triage {
    /// Whether `riskEngaged` will look at this use case's events at all.
    public static func needsHistory(_ uc: UseCase, policy: Policy) -> Bool {
        guard policy.role(Roles.risk) != nil, let build = policy.stageIndex(Roles.buildStage),
              let i = policy.stageIndex(uc.stage) else { return false }
        return i >= build
    }

    /// The event at which `riskEngaged` stops reading: the use case entering the build stage
    /// or a later active one. The events after it do not matter to triage.
    public static func endsNeededHistory(_ e: AuditEvent, policy: Policy) -> Bool {
        guard let build = policy.stageIndex(Roles.buildStage) else { return true }
        let entered = e.action == .create ? e.details.stage : ([.advance, .return, .change].contains(e.action) ? e.details.to : nil)
        guard let s = entered, let i = policy.stageIndex(s) else { return false }
        return i >= build && !policy.stages[i].terminal
    }
}
