import Reconciler
import SwitchboardModel

/// The end-of-apply summary: what changed, what billing started, what waits for the operator, outputs.
public enum ApplySummary {
    /// Renders the summary of `result` for `plan`.
    public static func text(plan: Plan, result: ApplyResult, directory: String, color: Bool) -> String {
        let style = Style(color: color)
        var out = "\n"
        var counts: [String: Int] = [:]
        for h in result.changes where h.outcome.isDone {
            counts[h.action.rawValue, default: 0] += 1
        }
        let line = "\(counts["create"] ?? 0) created, \(counts["update"] ?? 0) updated, "
            + "\(counts["replace"] ?? 0) replaced, \(counts["delete"] ?? 0) deleted"
        if result.result == .succeeded {
            out += style.boldGreen("Apply complete: \(line).") + "\n"
        } else {
            out += style.boldRed("Apply failed: \(line) before it stopped.") + "\n"
        }
        let width = result.changes.map(\.address.description.count).max() ?? 0
        if result.result != .succeeded {
            out += "\nPer change:\n"
            for h in result.changes {
                let pad = String(repeating: " ", count: max(0, width - h.address.description.count))
                out += "  \(h.address)\(pad)  \(h.action.rawValue)  \(h.outcome)\(h.error.map { ": \($0)" } ?? "")\n"
            }
            out += "\nEverything that succeeded is recorded in state; run apply again to finish the rest.\n"
        }
        let succeeded = Set(result.changes.filter(\.outcome.isDone).map(\.address))
        // A certificate-flow integration left waiting for its code has not been activated: its monthly charge starts
        // with the code, not now.
        let awaiting = Set(result.changes.filter { $0.outcome == .awaitingVerification }.map(\.address))
        let billing = plan.findings.filter {
            $0.severity == .billing && $0.address.map(succeeded.contains) == true
                && !($0.code == "billing.whatsapp-monthly" && $0.address.map(awaiting.contains) == true)
        }
        if !billing.isEmpty {
            out += "\n" + style.boldYellow("Billing started or changed:") + "\n"
            for f in billing { out += "  $ \(f.address?.description ?? ""): \(f.message)\n" }
        }
        // Waiting for a code: what this apply left so, and what state still holds so that this apply did not touch
        // (a change of this apply that failed says why in its own line; a code it confirmed is never asked again).
        let touched = Set(result.changes.map(\.address))
        let waiting = result.changes.filter { $0.outcome == .awaitingVerification }.map(\.address)
            + result.state.addresses.filter { result.state[$0]?.status == .awaitingVerification && !touched.contains($0) }
        if !waiting.isEmpty {
            out += "\n" + style.boldCyan("Waiting for you:") + "\n"
            for a in Set(waiting).sorted() {
                out += "  \(a) needs the activation code sent to its phone number (within 10 minutes).\n"
                if result.state[a]?.attributes.value(at: Field.onboarding + Field.verification)?.stringValue == "voice" {
                    out += "    The code comes by a voice call: route the number to a person while the call comes "
                        + "(an IVR cannot hear it).\n"
                }
                out += "    In the sandbox, read it with: switchboard sandbox outbox\n"
                out += "    Then run: switchboard apply \(directory) --verification-code \(a)=CODE\n"
            }
        }
        var outputs: [String] = []
        for a in succeeded.sorted() {
            guard let s = result.state[a], !s.outputs.isEmpty else { continue }
            for k in s.outputs.keys.sorted() { outputs.append("  \(a) \(k): \(s.outputs[k]!.stringValue ?? s.outputs[k]!.display)") }
        }
        if !outputs.isEmpty {
            out += "\n" + style.bold("Outputs (configure these where they belong):") + "\n" + outputs.joined(separator: "\n") + "\n"
        }
        return out
    }
}
