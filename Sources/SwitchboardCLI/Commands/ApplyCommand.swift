import Foundation
import Reconciler
import SwitchboardModel
import SwitchboardWorkspace

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
        arguments: [
            CommandArgument(
                "DIR | PLAN", help: "A manifest directory (default: .) or a saved plan file.", isOptional: true)
        ],
        options: [
            .flag("auto-approve", help: "Do not ask for confirmation (CI)."),
            .flag("accept-billing", help: "Accept changes that start billing."),
            .flag("accept-irreversible", help: "Accept changes that cannot be undone."),
            .flag("accept-destructive", help: "Accept changes that remove numbers or drop messages."),
            .parallelism,
            .repeated(
                "verification-code", valueName: "ADDR=CODE",
                help: "A WhatsApp activation code, e.g. Integration/support=123456."),
            .envFile, .lockTimeout,
        ],
        run: { invocation in try await ApplyCommand(invocation: invocation).run() })
}

extension CommandOption {
    /// `--parallelism N`: from 1 to 256 changes at once.
    static let parallelism = CommandOption.number(
        "parallelism", valueName: "N", format: .whole("a whole number", 1...256),
        help: "Run up to N independent changes at once (default: 4).")
}

/// The work of `switchboard apply`: the arguments, the terminal's questions and the rendering; the apply itself
/// (lock, plan, refusals, history, changes) is the workspace's `ApplySession`.
struct ApplyCommand {
    var invocation: Invocation
    var console: Console { invocation.console }

    func run() async throws -> Int32 {
        let environment = try invocation.effectiveEnvironment()
        let (workspace, saved) = try open(environment)
        let args = invocation.arguments
        let options = try options(environment)
        let acceptance = Acceptance(
            billing: args.flag("accept-billing"), irreversible: args.flag("accept-irreversible"),
            destructive: args.flag("accept-destructive"))
        // The platforms are built (and their credentials read) before --lock-timeout is checked, as they always were.
        var session = try ApplySession(workspace: workspace, savedPlan: saved, acceptance: acceptance, options: options)
        session.options.lockTimeout = try invocation.lockTimeout()
        do {
            switch try await session.run(handlers(directory: workspace.directory)) {
            case .nothingToApply: return ExitCode.success
            case .applied(_, let result): return result.result == .succeeded ? ExitCode.success : ExitCode.failure
            }
        } catch let refusal as ApplySession.Refusal {
            throw CommandFailure(refusal.message)
        }
    }

    /// The workspace of `DIR`, or of the saved plan `PLAN` with the plan.
    func open(_ environment: [String: String]) throws -> (Workspace, Plan?) {
        let target = invocation.arguments.positional(0) ?? "."
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory)
        let saved: Plan? = exists && !isDirectory.boolValue ? try SavedPlan.read(target) : nil
        let workspace =
            try saved.map { try Workspace.forPlan($0, environment: environment) }
            ?? invocation.openWorkspace(target, environment: environment)
        return (workspace, saved)
    }

    /// `--parallelism`, `--verification-code` and `--auto-approve`.
    /// - Throws: a usage error for a malformed value.
    func options(_ environment: [String: String]) throws -> ApplySession.Options {
        let args = invocation.arguments
        let parallelism = try invocation.wholeNumber(.parallelism) ?? 4
        var codes: [Address: String] = [:]
        for item in args.values("verification-code") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let a = Address(parsing: parts[0]) else {
                throw invocation.usageError(
                    "--verification-code takes ADDR=CODE, e.g. Integration/support-whatsapp=123456")
            }
            codes[a] = parts[1]
        }
        return ApplySession.Options(
            parallelism: parallelism, verificationCodes: codes, autoApprove: args.flag("auto-approve"),
            afterMutation: FaultInjection.hook(environment),
            afterCompanion: FaultInjection.hook(environment, "SWITCHBOARD_FAULT_CRASH_AFTER_COMPANION"))
    }

    /// The terminal's side of the session: notes and warnings on standard error, the plan and the outcome on
    /// standard output, questions on the terminal, progress as the changes run.
    func handlers(directory: String) -> ApplySession.Handlers {
        let console = console
        return ApplySession.Handlers(
            notes: { notes in for n in notes { console.err("note: \(n)") } },
            planned: { plan in console.write(PlanRenderer.text(plan, color: console.useColor(.standardOutput))) },
            accept: { plan, acceptance in confirmFindings(plan, &acceptance) },
            confirm: { _ in confirmation() },
            progress: {
                let progress = ApplyProgress(console: console)
                return { progress.handle($0) }
            },
            warning: { message in console.err("warning: \(message)") },
            finished: { outcome in render(outcome, directory: directory) })
    }

    /// The apply summary, or why there was nothing to do.
    func render(_ outcome: ApplySession.Outcome, directory: String) {
        switch outcome {
        case .nothingToApply(_, let interrupted, let key):
            if interrupted { console.err("Recorded the outcome of the interrupted apply in state.") }
            if key { console.err("Recorded the secret fingerprints under the current key in state.") }
            console.out("Nothing to apply.")
        case .applied(let plan, let result):
            console.write(
                ApplySummary.text(
                    plan: plan, result: result, directory: directory, color: console.useColor(.standardOutput)))
        }
    }

    /// The last question before anything changes; on a terminal only.
    func confirmation() -> ApplySession.Refusal? {
        guard console.stdinIsTerminal else {
            return ApplySession.Refusal(
                "apply needs --auto-approve when standard input is not a terminal; nothing was changed")
        }
        let answer = console.prompt("Do you want to perform these actions? Only 'yes' will be accepted: ")
        guard answer?.trimmingCharacters(in: .whitespaces) == "yes" else {
            return ApplySession.Refusal("apply cancelled; nothing was changed", recorded: "not confirmed")
        }
        return nil
    }

    /// Asks for (or checks) acceptance of billing, irreversible and destructive findings. Returns a refusal message
    /// when something is not accepted.
    func confirmFindings(_ plan: Plan, _ acceptance: inout Acceptance) -> String? {
        let missing = acceptance.unaccepted(plan)
        if !missing.isEmpty, console.stdinIsTerminal, let refusal = askFindings(missing, &acceptance) { return refusal }
        return ApplySession.unaccepted(plan, &acceptance)
    }

    /// On a terminal: typing an integration's name accepts its billing or irreversible findings, typing `yes` the
    /// destructive ones. Returns the refusal of the first question answered otherwise.
    func askFindings(_ missing: [Finding], _ acceptance: inout Acceptance) -> String? {
        for severity in [FindingSeverity.billing, .irreversible]
        where missing.contains(where: { $0.severity == severity }) {
            for address in Set(missing.filter { $0.severity == severity }.compactMap(\.address)).sorted() {
                for f in missing where f.address == address && f.severity == severity {
                    console.err("  ! \(f.message)")
                }
                let answer = console.prompt(
                    "Type the name '\(address.name)' to accept the \(severity.rawValue) consequences above: ")
                guard answer?.trimmingCharacters(in: .whitespaces) == address.name else {
                    return "\(severity.rawValue) findings of \(address) were not accepted; nothing was changed"
                }
            }
            if severity == .billing { acceptance.billing = true } else { acceptance.irreversible = true }
        }
        if missing.contains(where: { $0.severity == .destructive }) {
            for f in missing where f.severity == .destructive { console.err("  ! \(f.message)") }
            let answer = console.prompt("Type 'yes' to accept the destructive changes above: ")
            guard answer?.trimmingCharacters(in: .whitespaces) == "yes" else {
                return "destructive findings were not accepted; nothing was changed"
            }
            acceptance.destructive = true
        }
        return nil
    }
}

/// Test hooks: `SWITCHBOARD_FAULT_CRASH_AFTER=ADDR` ends the process right after that address's platform
/// mutation, before its result reaches state (what a crash or SIGKILL at the worst moment does);
/// `SWITCHBOARD_FAULT_CRASH_AFTER_COMPANION=ADDR` right after its companion subject was pointed and recorded, before
/// its own change (a number's webhook set at Twilio, its import not done).
enum FaultInjection {
    static func hook(_ environment: [String: String], _ variable: String = "SWITCHBOARD_FAULT_CRASH_AFTER")
        -> (@Sendable (Address) -> Void)?
    {
        guard let target = environment[variable], !target.isEmpty else { return nil }
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
            case .awaitingVerification:
                console.err("[\(t)] \(c.address): created; waiting for a verification code\(took)")
            default: console.err("[\(t)] \(c.address): \(verb(c.action, done: true))\(took)")
            }
        case .skipped(let c, let reason):
            console.err("[\(t)] \(c.address): skipped: \(reason)")
        }
    }

    func verb(_ a: Action, done: Bool) -> String {
        switch a {
        case .create: done ? "created" : "creating"
        case .update: done ? "updated" : "updating"
        case .replace: done ? "replaced" : "replacing"
        case .delete: done ? "deleted" : "deleting"
        case .import: done ? "imported" : "importing"
        case .move: done ? "moved" : "moving"
        case .noop: "unchanged"
        }
    }
}
