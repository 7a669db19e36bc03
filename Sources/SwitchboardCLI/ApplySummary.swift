import Reconciler
import SwitchboardModel

/// The end-of-apply summary: what changed, what billing started, what waits for the operator, outputs.
public enum ApplySummary {
    /// Renders the summary of `result` for `plan`.
    public static func text(plan: Plan, result: ApplyResult, directory: String, color: Bool) -> String {
        let style = Style(color: color)
        var out = "\n"
        var counts: [Action: Int] = [:]
        for h in result.changes where h.outcome.isDone {
            counts[h.action, default: 0] += 1
        }
        var line = "\(counts[.create] ?? 0) created, \(counts[.update] ?? 0) updated, "
            + "\(counts[.replace] ?? 0) replaced, \(counts[.delete] ?? 0) deleted"
        if let moved = counts[.move] { line += ", \(moved) moved" }
        if result.result == .succeeded {
            out += style.boldGreen("Apply complete: \(line).") + "\n"
        } else {
            out += style.boldRed("Apply failed: \(line); \(unfinished(result)).") + "\n"
            out += failures(result)
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

    /// `1 failed, 2 skipped` (and not started, when any).
    static func unfinished(_ result: ApplyResult) -> String {
        let failed = result.changes.filter { $0.outcome == .failed }.count
        let skipped = result.changes.filter { $0.outcome == .skipped }.count
        let notStarted = result.changes.filter { $0.outcome == .notStarted }.count
        return "\(failed) failed, \(skipped) skipped" + (notStarted > 0 ? ", \(notStarted) not started" : "")
    }

    /// Every change once, with its outcome (a failure's error, a skipped change's cause), then what to do next: run
    /// apply again only when that can help (a failure the platform called temporary, or none but skipped changes).
    static func failures(_ result: ApplyResult) -> String {
        let width = result.changes.map(\.address.description.count).max() ?? 0
        var out = "\nPer change:\n"
        for h in result.changes {
            let pad = String(repeating: " ", count: max(0, width - h.address.description.count))
            out += "  \(h.address)\(pad)  \(h.action.rawValue)  \(h.outcome)\(h.error.map { ": \($0)" } ?? "")\n"
        }
        let failed = result.changes.filter { $0.outcome == .failed }.map(\.address)
        let temporary = failed.filter(result.retryable.contains)
        let lasting = failed.filter { !result.retryable.contains($0) }
        out += "\nEverything that succeeded is recorded in state."
        if !lasting.isEmpty {
            out += " \(names(lasting)) failed for a reason running apply again does not change: fix the cause (the "
                + "error above) first, then plan and apply again; the changes skipped because of "
                + (lasting.count == 1 ? "it" : "them") + " run then."
        }
        if !temporary.isEmpty {
            out += " \(names(temporary)) failed for a reason the platform calls temporary: run apply again to retry "
                + (temporary.count == 1 ? "it" : "them") + " and finish the rest."
        } else if lasting.isEmpty {
            out += " Run apply again to finish the rest."
        }
        return out + "\n"
    }

    /// `Number/a`, `Number/a and Number/b`, `Number/a, Number/b and Number/c`.
    static func names(_ addresses: [Address]) -> String {
        let all = addresses.map(\.description)
        guard all.count > 1, let last = all.last else { return all.first ?? "" }
        return all.dropLast().joined(separator: ", ") + " and " + last
    }
}
