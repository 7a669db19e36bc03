import Foundation
import SwitchboardModel

/// Decides whether a platform's finding rule is raised by one change, and words it.
///
/// A class, so the desired attributes are built at most once for all the rules a change is judged by (a resource's
/// attributes are made anew on every read).
final class RuleJudge {
    let change: PlannedChange
    let state: StateSnapshot
    let now: Date
    /// The activation rule of the change's class, for the `activation` and `inactivity` triggers.
    let activation: ResourceRules.Activation?

    init(change: PlannedChange, state: StateSnapshot, now: Date, activation: ResourceRules.Activation?) {
        self.change = change
        self.state = state
        self.now = now
        self.activation = activation
    }

    /// The desired resource's attributes (empty for a delete). Made on first read, once: most changes raise
    /// nothing, and the triggers look at the action first.
    private(set) lazy var desired: [String: Value] = change.desired?.attributes ?? [:]
    /// What state holds (empty for a create).
    var prior: [String: Value] { change.prior?.attributes ?? [:] }

    /// The finding `rule` raises for the change, if any.
    func finding(_ rule: FindingRule) -> Finding? {
        guard let deadline = raised(by: rule.trigger) else { return nil }
        if !rule.conditions.isEmpty {
            let subject = rule.trigger.isRemoval ? prior : desired
            guard rule.conditions.allSatisfy({ subject.value(at: $0.key) == $0.value }) else { return nil }
        }
        let context = FindingContext(change: change, state: state, deadline: deadline.map(Policy.iso))
        return Finding(
            code: rule.code, severity: rule.severity, message: rule.message(context), address: change.address)
    }

    /// Whether `trigger` is raised: nil when not, else the instant it concerns (nil inside when none).
    func raised(by trigger: FindingTrigger) -> Date?? {
        let raised: Bool
        switch trigger {
        case .activation:
            raised = creates && activation?.wanted(desired) == true || activates
        case .removal:
            raised = change.action == .delete || change.action == .replace
        case .removalAfterActivation:
            raised = (change.action == .delete || change.action == .replace) && hasBeenActive
        case .deactivation(let field):
            raised =
                changesFound && change.prior?.status == .active && prior[field]?.boolValue == true
                && desired[field]?.boolValue == false
        case .restart:
            raised = change.action == .replace && restarts
        case .creation:
            raised = creates
        case .enabling(let field):
            raised =
                (creates || changesFound) && desired[field]?.boolValue == true
                && (creates || !(prior[field]?.boolValue ?? false))
        case .disabling(let field):
            raised = changesFound && prior[field]?.boolValue == true && desired[field]?.boolValue == false
        case .lapse(let field, let lifetime, let notice):
            // A new object, or one still waiting for its activation (a certificate waiting for its code).
            guard creates || (change.desired != nil && change.prior.map { $0.status != .active } == true && staysInactive),
                let day = desired.value(at: field)?.stringValue.flatMap(Policy.day) else { return nil }
            let lapses = day.addingTimeInterval(lifetime)
            return lapses.timeIntervalSince(now) < notice ? .some(lapses) : nil
        case .inactivity(let removedAfter):
            guard change.desired != nil, staysInactive else { return nil }
            let createdAt = change.prior?.createdAt.flatMap(Policy.instant)
            return .some((createdAt ?? now).addingTimeInterval(removedAfter))
        }
        return raised ? .some(nil) : nil
    }

    /// The change creates the object (a replacement creates it again).
    var creates: Bool { change.action == .create || change.action == .replace }

    /// The change updates an object the platform holds: an update, a move (renaming it), or an import (adopting an
    /// object and making it match, which may start or stop what bills).
    var changesFound: Bool { change.action.changesInPlace }

    /// The change is an update (a move, an import) that carries the planner's activation (`status` to `active`).
    var activates: Bool {
        changesFound
            && change.fields.contains {
                $0.path == Field.status.path && $0.after == .string(ResourceStatus.active.rawValue)
            }
    }

    /// The object will not be active after this apply: not asked to be, or its activation waits for more than the
    /// apply (a verification code).
    var staysInactive: Bool {
        if creates { return activation?.wanted(desired) != true || deferred }
        if let prior = change.prior, prior.status != .active { return !activates || deferred }
        return false
    }

    /// State records that the object has been active.
    var hasBeenActive: Bool {
        guard let prior = change.prior else { return false }
        return prior.activatedAt != nil || prior.status == .active
    }

    /// The change replaces the object because its activation cannot go on from the status state records.
    var restarts: Bool {
        change.fields.contains { $0.path == Field.status.path && $0.forcesReplacement }
    }

    /// Activating the desired object waits for more than the apply.
    var deferred: Bool { activation?.isDeferred(desired) ?? false }
}
