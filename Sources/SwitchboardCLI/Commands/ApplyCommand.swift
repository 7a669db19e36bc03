import Foundation
import SwitchboardWorkspace
import Reconciler
import StateBackends
import SwitchboardModel

extension Command {
    /// `switchboard apply [DIR | PLAN] ...`: executes a plan, in dependency order, recording every change.
    public static let apply = Command(
        name: "apply",
        summary: "Make the platforms match the manifests (or execute a saved plan exactly).",
        usage: "[DIR | PLAN] [--auto-approve] [--accept-billing] [--accept-irreversible] [--accept-destructive] "
            + "[--parallelism N] [--verification-code ADDR=CODE]...",
        discussion: """
            With a directory, apply plans first and shows the plan; with a saved plan file it executes exactly that
            plan, and refuses a stale one (state moved on since it was made) without changing anything.
            Billing and irreversible findings need --accept-billing / --accept-irreversible (or typing the
            integration's name on a terminal); destructive ones need --accept-destructive (or typing 'yes').
            """,
        arguments: [CommandArgument("DIR | PLAN", help: "A manifest directory (default: .) or a saved plan file.", isOptional: true)],
        options: [
            .flag("auto-approve", help: "Do not ask for confirmation (CI)."),
            .flag("accept-billing", help: "Accept changes that start billing."),
            .flag("accept-irreversible", help: "Accept changes that cannot be undone."),
            .flag("accept-destructive", help: "Accept changes that remove numbers or drop messages."),
            .value("parallelism", valueName: "N", help: "Run up to N independent changes at once (default: 4)."),
            .repeated("verification-code", valueName: "ADDR=CODE", help: "A WhatsApp activation code, e.g. Integration/support=123456."),
            .envFile, .lockTimeout,
        ],
        run: { invocation in try await ApplyCommand(invocation: invocation).run() })
}

/// The work of `switchboard apply`.
struct ApplyCommand {
    var invocation: Invocation
    var console: Console { invocation.console }

    func run() async throws -> Int32 {
        let args = invocation.arguments
        let environment = try invocation.effectiveEnvironment()
        let target = args.positional(0) ?? "."
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory)
        let saved: Plan? = exists && !isDirectory.boolValue ? try SavedPlan.read(target) : nil
        let ws = try saved.map { try Workspace.forPlan($0, environment: environment) }
            ?? invocation.openWorkspace(target, environment: environment)

        var parallelism = 4
        if let p = args.value("parallelism") {
            guard let n = Int(p), n >= 1 else { throw invocation.usageError("--parallelism takes a whole number from 1") }
            parallelism = n
        }
        var codes: [Address: String] = [:]
        for item in args.values("verification-code") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let a = Address(parsing: parts[0]) else {
                throw invocation.usageError("--verification-code takes ADDR=CODE, e.g. Integration/support-whatsapp=123456")
            }
            codes[a] = parts[1]
        }
        var acceptance = Acceptance(
            billing: args.flag("accept-billing"), irreversible: args.flag("accept-irreversible"),
            destructive: args.flag("accept-destructive"))
        let platforms = try ws.platforms()
        let identity = ProcessIdentity.current

        return try await withStateLock(store: ws.store, command: "apply", timeout: try invocation.lockTimeout()) { _ in
            let loaded = try await ws.store.load()
            let plan: Plan
            var state: StateSnapshot
            if let saved {
                plan = saved
                let desired = Dictionary(saved.changes.compactMap { c in c.desired.map { ($0.address, $0) } }, uniquingKeysWith: { a, _ in a })
                (state, _) = try await Refresher(platforms: platforms).resolveIntents(loaded, desired: desired)
            } else {
                let made = try await ws.plan(state: loaded, platforms: platforms, refresh: false)
                for n in made.notes { console.err("note: \(n)") }
                plan = made.plan
                state = made.state
            }
            console.write(PlanRenderer.text(plan, color: console.useColor(.standardOutput)))
            let recordId = UUID().uuidString.lowercased()
            let startedAt = StateTime.format(Date())
            func record(_ result: HistoryRecord.Result, _ changes: [HistoryChange], _ message: String?) async {
                let r = HistoryRecord(
                    id: recordId, time: startedAt, user: identity.user, host: identity.host,
                    planChecksum: plan.checksum, manifestDigest: plan.manifestDigest, commit: plan.commit,
                    accepted: acceptance.flags + (args.flag("auto-approve") ? ["--auto-approve"] : []),
                    changes: changes, result: result, message: message)
                do { try await ws.store.appendHistory(r) } catch { console.err("warning: could not write history: \(error)") }
            }
            if plan.hasErrors {
                let m = "the plan has errors; nothing was changed"
                await record(.refused, [], m)
                throw CommandFailure(m)
            }
            if plan.summary.isEmpty {
                // An interrupted apply's intents were resolved above: record that even when nothing is left to do.
                if !loaded.intents.isEmpty {
                    _ = try await ws.store.save(state)
                    console.err("Recorded the outcome of the interrupted apply in state.")
                }
                console.out("Nothing to apply.")
                return ExitCode.success
            }
            // Stale plans are refused before any question is asked.
            if saved != nil, let stale = Applier.staleness(of: plan, against: state) {
                let m = stale.description
                await record(.refused, [], m)
                throw CommandFailure(m + "; nothing was changed")
            }
            if let refusal = confirmFindings(plan, &acceptance) {
                await record(.refused, [], refusal)
                throw CommandFailure(refusal)
            }
            if !args.flag("auto-approve") {
                guard console.stdinIsTerminal else {
                    let m = "apply needs --auto-approve when standard input is not a terminal; nothing was changed"
                    await record(.refused, [], m)
                    throw CommandFailure(m)
                }
                let answer = console.prompt("Do you want to perform these actions? Only 'yes' will be accepted: ")
                guard answer?.trimmingCharacters(in: .whitespaces) == "yes" else {
                    await record(.refused, [], "not confirmed")
                    throw CommandFailure("apply cancelled; nothing was changed")
                }
            }
            let progress = ApplyProgress(console: console)
            let applier = Applier(
                plan: plan, platforms: platforms, store: ws.store, secretValue: { try ws.secrets.value($0) },
                fingerprinter: ws.fingerprinter(lineage: plan.lineage),
                options: ApplyOptions(
                    parallelism: parallelism, acceptance: acceptance, verificationCodes: codes,
                    afterMutation: FaultInjection.hook(environment)),
                events: { progress.handle($0) })
            // Written as the apply goes: a `running` record now, replaced by the result (same id) at the end, so an
            // apply that dies still leaves its trace.
            await record(.running, plan.changes.filter { $0.action != .noop }.map {
                HistoryChange(address: $0.address, action: $0.action, outcome: .pending)
            }, nil)
            let result: ApplyResult
            do {
                result = try await applier.run(state: state)
            } catch let refusal as ApplyRefusal {
                await record(.refused, [], refusal.description)
                throw CommandFailure(refusal.description + "; nothing was changed")
            }
            await record(result.result, result.changes, nil)
            console.write(ApplySummary.text(plan: plan, result: result, directory: ws.directory, color: console.useColor(.standardOutput)))
            return result.result == .succeeded ? ExitCode.success : ExitCode.failure
        }
    }

    /// Asks for (or checks) acceptance of billing, irreversible and destructive findings. Returns a refusal message
    /// when something is not accepted.
    func confirmFindings(_ plan: Plan, _ acceptance: inout Acceptance) -> String? {
        var missing = acceptance.unaccepted(plan)
        guard !missing.isEmpty else { return nil }
        if console.stdinIsTerminal {
            for severity in [FindingSeverity.billing, .irreversible] where missing.contains(where: { $0.severity == severity }) {
                for address in Set(missing.filter { $0.severity == severity }.compactMap(\.address)).sorted() {
                    for f in missing where f.address == address && f.severity == severity { console.err("  ! \(f.message)") }
                    let answer = console.prompt("Type the name '\(address.name)' to accept the \(severity.rawValue) consequences above: ")
                    guard answer?.trimmingCharacters(in: .whitespaces) == address.name else {
                        return "\(severity.rawValue) findings of \(address) were not accepted; nothing was changed"
                    }
                }
                if severity == .billing { acceptance.billing = true } else { acceptance.irreversible = true }
            }
            if missing.contains(where: { $0.severity == .destructive }) {
                for f in missing where f.severity == .destructive { console.err("  ! \(f.message)") }
                guard console.prompt("Type 'yes' to accept the destructive changes above: ")?.trimmingCharacters(in: .whitespaces) == "yes" else {
                    return "destructive findings were not accepted; nothing was changed"
                }
                acceptance.destructive = true
            }
            missing = acceptance.unaccepted(plan)
            if missing.isEmpty { return nil }
        }
        var flags: [String] = []
        if missing.contains(where: { $0.severity == .billing }) { flags.append("--accept-billing") }
        if missing.contains(where: { $0.severity == .irreversible }) { flags.append("--accept-irreversible") }
        if missing.contains(where: { $0.severity == .destructive }) { flags.append("--accept-destructive") }
        let list = missing.map { "  \($0.code) (\($0.address?.description ?? "plan")): \($0.message)" }.joined(separator: "\n")
        return "the plan has findings that were not accepted; nothing was changed:\n\(list)\n"
            + (flags.isEmpty ? "" : "accept them with \(flags.joined(separator: " ")) or run apply on a terminal")
    }
}

/// Test hook: `SWITCHBOARD_FAULT_CRASH_AFTER=ADDR` ends the process right after that address's platform
/// mutation, before its result reaches state (what a crash or SIGKILL at the worst moment does).
enum FaultInjection {
    static func hook(_ environment: [String: String]) -> (@Sendable (Address) -> Void)? {
        guard let target = environment["SWITCHBOARD_FAULT_CRASH_AFTER"], !target.isEmpty else { return nil }
        return { address in
            if address.description == target { _exit(137) }
        }
    }
}

/// Prints apply progress per change with elapsed time.
final class ApplyProgress: Sendable {
    let console: Console
    let start = Date()

    init(console: Console) { self.console = console }

    func handle(_ event: ApplyEvent) {
        let t = String(format: "%.1fs", Date().timeIntervalSince(start))
        switch event {
        case .started(let c):
            console.err("[\(t)] \(c.address): \(verb(c.action, done: false))...")
        case .progress(let a, let message):
            console.err("[\(t)] \(a): \(message)")
        case .finished(let c, let h):
            let took = h.elapsedMs.map { String(format: " after %.1fs", Double($0) / 1000) } ?? ""
            switch h.outcome {
            case .failed: console.err("[\(t)] \(c.address): failed\(took): \(h.error ?? "unknown error")")
            case .awaitingVerification: console.err("[\(t)] \(c.address): created; waiting for a verification code\(took)")
            default: console.err("[\(t)] \(c.address): \(verb(c.action, done: true))\(took)")
            }
        case .skipped(let c, let reason):
            console.err("[\(t)] \(c.address): \(reason)")
        }
    }

    func verb(_ a: Action, done: Bool) -> String {
        switch a {
        case .create: done ? "created" : "creating"
        case .update: done ? "updated" : "updating"
        case .replace: done ? "replaced" : "replacing"
        case .delete: done ? "deleted" : "deleting"
        case .noop: "unchanged"
        }
    }
}
