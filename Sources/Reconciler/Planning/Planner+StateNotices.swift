import Foundation
import SwitchboardModel

extension Planner {
    /// The dated facts of stored state that a plan made without reading the platforms cannot confirm, in plan order:
    /// an object state records as never active whose platform removes such objects a while after creation (its
    /// class's `inactivity` finding rule), once that time has passed. Objects this plan deletes or replaces are left
    /// out (what happens to them does not depend on it).
    static func stateNotices(_ plan: Plan, state: StateSnapshot, now: Date, book: RuleBook) -> [StateNotice] {
        var notices: [StateNotice] = []
        for change in plan.changes where change.action != .delete && change.action != .replace {
            guard let prior = change.prior, prior.status != .active, prior.activatedAt == nil,
                let created = prior.createdAt.flatMap(Policy.instant),
                let rules = book.rules(prior.platform, prior.resourceClass)
            else { continue }
            for rule in rules.findings {
                guard case .inactivity(let removedAfter) = rule.trigger else { continue }
                let removal = created.addingTimeInterval(removedAfter)
                guard removal <= now else { continue }
                let days = Int((removedAfter / 86_400).rounded())
                notices.append(StateNotice(
                    address: change.address,
                    message: "state records it as created at \(Policy.iso(created)) and never active (status "
                        + "\(prior.status.rawValue)); its platform removes such objects \(days) days after creation, "
                        + "so it may have been removed at \(Policy.iso(removal))"))
                break
            }
        }
        return notices
    }
}
