import SwitchboardModel

/// The acceptance gates of DESIGN.md section 5.1.
public struct Acceptance: Hashable, Sendable {
    public var billing: Bool
    public var irreversible: Bool
    public var destructive: Bool

    public init(billing: Bool = false, irreversible: Bool = false, destructive: Bool = false) {
        self.billing = billing
        self.irreversible = irreversible
        self.destructive = destructive
    }

    /// Findings of `plan` that these acceptances do not cover. Errors are never covered.
    public func unaccepted(_ plan: Plan) -> [Finding] {
        plan.findings.filter {
            switch $0.severity {
            case .billing: !billing
            case .irreversible: !irreversible
            case .destructive: !destructive
            case .error: true
            case .warning: false
            }
        }
    }
}
