import GateboardCore

/// `report --json`.
package struct PortfolioJSON: Encodable {
    struct Distribution: Encodable {
        var count: Int
        var median: Double?
        var p90: Int?
        init(_ d: DayDistribution) {
            count = d.count
            median = d.median
            p90 = d.p90
        }
    }
    struct StageCount: Encodable { var stage: String; var name: String; var count: Int }
    struct Pilot: Encodable { var id: String; var title: String; var stage: String; var days: Int }
    struct StageDuration: Encodable { var stage: String; var days: Distribution }
    struct Month: Encodable { var month: String; var created: Int; var reachedProduction: Int; var retired: Int }
    struct Bucket: Encodable { var label: String; var count: Int }
    struct KindCount: Encodable { var kind: String; var count: Int }
    struct Waiver: Encodable { var id: String; var control: String; var by: String; var until: String; var daysLeft: Int }

    var stages: [StageCount]
    var reachedProduction: Int
    var inProduction: Int
    var inPilot: Int
    var pilots: [Pilot]
    var pilotAge: Distribution
    var stageDurations: [StageDuration]
    var scopedToProduction: Distribution
    var throughput: [Month]
    var blockerAgeing: [Bucket]
    var blockersByKind: [KindCount]
    var waiversOpen: [Waiver]
    /// Production operations (`OperationsJSON`).
    package var operations: OperationsJSON? = nil

    package init(_ r: PortfolioReport) {
        stages = r.stages.map { StageCount(stage: $0.stage, name: $0.name, count: $0.count) }
        reachedProduction = r.reachedProduction
        inProduction = r.inProduction
        inPilot = r.inPilot
        pilots = r.pilots.map { Pilot(id: $0.id, title: $0.title, stage: $0.stage, days: $0.days) }
        pilotAge = Distribution(r.pilotAge)
        stageDurations = r.stageDurations.map { StageDuration(stage: $0.stage, days: Distribution($0.days)) }
        scopedToProduction = Distribution(r.scopedToProduction)
        throughput = r.throughput.map { Month(month: $0.month, created: $0.created, reachedProduction: $0.reachedProduction, retired: $0.retired) }
        blockerAgeing = r.blockerAgeing.map { Bucket(label: $0.label, count: $0.count) }
        blockersByKind = r.blockersByKind.map { KindCount(kind: $0.kind.rawValue, count: $0.count) }
        waiversOpen = r.waiversOpen.map { Waiver(id: $0.id, control: $0.control, by: $0.by, until: $0.until.description, daysLeft: $0.daysLeft) }
    }
}
