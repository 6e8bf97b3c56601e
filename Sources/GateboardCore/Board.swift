/// A loaded board: the policy and every use case, sorted by id.
public struct Board: Equatable, Sendable {
    public var policy: Policy
    public var useCases: [UseCase]

    public init(policy: Policy, useCases: [UseCase]) {
        self.policy = policy
        self.useCases = useCases.sorted { $0.id < $1.id }
    }

    public func useCase(_ id: UseCaseID) -> UseCase? {
        useCases.first { $0.id.caseInsensitiveCompare(id) == .orderedSame }
    }
}
