import Foundation
import SwitchboardModel

/// Checks every change against the billing, irreversibility and safety policies of DESIGN.md section 5.1: protection
/// here, everything else from the finding rules of the change's platform.
enum Policy {
    /// Findings for one change, given the state it was planned against and the rules it is judged by.
    static func findings(for change: PlannedChange, state: StateSnapshot, now: Date, rules: ChangeRules) -> [Finding] {
        var out: [Finding] = []
        if let protection = protection(change) { out.append(protection) }
        let subjectRules = rules.subject?.findings ?? []
        let removedRules = rules.removed?.findings ?? []
        // Most classes raise nothing: the judge (which reads the attributes) is made only for those that may.
        guard !subjectRules.isEmpty || !removedRules.isEmpty else { return out }
        let judge = RuleJudge(change: change, state: state, now: now, activation: rules.subject?.activation)
        for rule in subjectRules where !rule.trigger.isRemoval || rules.sameRules {
            if let finding = judge.finding(rule) { out.append(finding) }
        }
        for rule in removedRules where rule.trigger.isRemoval {
            if let finding = judge.finding(rule) { out.append(finding) }
        }
        return out
    }

    /// An error for deleting or replacing a resource protected in the manifests or in state.
    static func protection(_ change: PlannedChange) -> Finding? {
        guard change.action == .delete || change.action == .replace,
            change.prior?.protect == true || change.desired?.protect == true
        else { return nil }
        let a = change.address
        let how =
            change.action == .delete
            ? (change.prior?.protect == true
                ? "run 'switchboard state unprotect \(a)' first if this is intended"
                : "remove 'protect: true' first if this is intended")
            : "remove 'protect: true' and run 'switchboard state unprotect \(a)' first if this is intended"
        return Finding(
            code: "protect", severity: .error,
            message: "\(a) is protected and would be \(change.action == .delete ? "deleted" : "replaced"); \(how)",
            address: a)
    }

    static func day(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.date(from: text)
    }

    static func instant(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }
    static func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }
}
