/// A loaded board: the policy and every use case, sorted by id.
public struct Board: Equatable, Sendable {
    public var policy: Policy
    public var useCases: [UseCase]
    /// Content observed on disk (`ContentRead.observedBoard`): per use case whose local
    /// artifacts or evidence differ from what was recorded, each artifact's check. Empty when
    /// the board was not observed, or nothing drifted.
    public var content: [UseCaseID: [ContentCheck]] = [:]

    public init(policy: Policy, useCases: [UseCase]) {
        self.policy = policy
        self.useCases = useCases.sorted { $0.id < $1.id }
    }

    /// Whether the use case's local content (an artifact or an evidence item) differs from
    /// what was recorded, as observed.
    public func drifted(_ id: UseCaseID) -> Bool { content[id] != nil }

    /// The use case with this id, in any case. Ids are upper-case ASCII (`UC-0007`), so the
    /// exact compare after upper-casing finds it; Foundation's case-insensitive compare, once
    /// per use case, was most of a keypress on a 10,000-use-case board (the status line asks
    /// for the highlighted use case once per form key) and is only the fallback.
    public func useCase(_ id: UseCaseID) -> UseCase? {
        let key = id.uppercased()
        return useCases.first { $0.id == key } ?? useCases.first { $0.id.caseInsensitiveCompare(id) == .orderedSame }
    }
}
