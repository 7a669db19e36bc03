import Foundation
import Sandbox

extension Command {
    /// `switchboard sandbox fault add | list | rm`.
    static let sandboxFault = Command(
        name: "fault",
        summary: "Inject a failure into the sandbox on purpose, list the injected ones, or remove one.",
        discussion: """
            Faults are the only way the sandbox fails on purpose: no number fails by its digits. Kinds:
            \(SandboxFaultKind.allCases.map { "  \($0.rawValue) TARGET: \($0.summary) (TARGET: \($0.targetDescription))" }
                .joined(separator: "\n"))
            """,
        subcommands: [.sandboxFaultAdd, .sandboxFaultList, .sandboxFaultRemove])

    /// `switchboard sandbox fault add KIND TARGET [DIR]`.
    static let sandboxFaultAdd = Command(
        name: "add",
        summary: "Inject a failure: KIND (taken-by-another-org, not-found-at-vendor, ...) for TARGET.",
        usage: "KIND TARGET [DIR]",
        arguments: faultArguments,
        run: { invocation in
            let (kind, target) = try invocation.faultKindAndTarget()
            let added = try await invocation.changeSandbox { world, now in
                try world.addFault(kind, target: target, now: now)
            }
            invocation.console.out(
                added ? "Added fault \(kind.rawValue) \(target): \(kind.summary)."
                    : "Fault \(kind.rawValue) \(target) was already set.")
            return ExitCode.success
        })

    /// `switchboard sandbox fault list [DIR] [--format text|json]`.
    static let sandboxFaultList = Command(
        name: "list",
        summary: "List the failures injected into the sandbox.",
        usage: "[DIR] [--format text|json]",
        arguments: [.sandboxDirectory],
        options: [.format(["text", "json"])],
        run: { invocation in
            try await invocation.showSandbox(
                text: { world, _ in SandboxReport.faults(world) },
                json: { world, _ in SandboxReportJSON.faults(world) })
        })

    /// `switchboard sandbox fault rm KIND TARGET [DIR]`.
    static let sandboxFaultRemove = Command(
        name: "rm",
        summary: "Remove an injected failure, undoing what it set (a webhook it moved points back).",
        usage: "KIND TARGET [DIR]",
        arguments: faultArguments,
        run: { invocation in
            let (kind, target) = try invocation.faultKindAndTarget()
            let removed = try await invocation.changeSandbox { world, now in
                world.removeFault(kind, target: target, now: now)
            }
            guard removed else {
                throw CommandFailure("no fault \(kind.rawValue) \(target) is set (see 'switchboard sandbox fault list')")
            }
            invocation.console.out("Removed fault \(kind.rawValue) \(target).")
            return ExitCode.success
        })

    /// `switchboard sandbox advance DURATION [DIR]`.
    static let sandboxAdvance = Command(
        name: "advance",
        summary: "Move the sandbox's time forward (codes expire, pending states settle, 30-day removals happen).",
        usage: "DURATION [DIR]",
        discussion: """
            DURATION is a number with a unit, or several: 90s, 10m, 1h30m, 7d (a bare number is seconds). The sandbox
            keeps the offset, so every later command (apply, plan findings, sandbox serve) sees the moved time.
            """,
        arguments: [
            CommandArgument("DURATION", help: "How far to move time: 90s, 10m, 1h30m, 7d."),
            CommandArgument("DIR", help: "The manifest directory (default: the current directory).", isOptional: true),
        ],
        run: { invocation in
            let text = invocation.arguments.positional(0) ?? ""
            guard let seconds = SandboxDuration.seconds(text) else {
                throw invocation.usageError(
                    "DURATION takes a number with a unit (s, m, h, d), such as 90s, 10m, 1h30m or 7d, not '\(text)'")
            }
            let store = try invocation.sandboxStore(directoryArgument: 1)
            let now: Date
            do { now = try await store.advanceClock(by: seconds) } catch { throw CommandFailure("\(error)") }
            invocation.console.out("The sandbox's time is now \(SandboxDates.format(now)) (moved \(text)).")
            return ExitCode.success
        })

    private static let faultArguments = [
        CommandArgument("KIND", help: SandboxFaultKind.allCases.map(\.rawValue).joined(separator: ", ")),
        CommandArgument("TARGET", help: "The phone number, short code or template name the fault applies to."),
        CommandArgument("DIR", help: "The manifest directory (default: the current directory).", isOptional: true),
    ]
}

extension CommandArgument {
    /// The optional `DIR` of the sandbox commands.
    static let sandboxDirectory = CommandArgument(
        "DIR", help: "The manifest directory (default: the current directory).", isOptional: true)
}

/// `sandbox advance` durations: `90s`, `10m`, `1h30m`, `7d`, or a bare number of seconds.
enum SandboxDuration {
    /// The longest move accepted: ten years.
    static let maximum: TimeInterval = 3650 * 86_400

    /// The seconds `text` names, or nil when it is not a duration (or longer than `maximum`).
    static func seconds(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var total: TimeInterval = 0
        var digits = ""
        for c in text {
            if c.isASCII && c.isNumber {
                digits.append(c)
            } else if let unit = units[c], !digits.isEmpty, digits.count <= 9, let n = Double(digits) {
                total += n * unit
                digits = ""
            } else {
                return nil
            }
        }
        if !digits.isEmpty {
            guard digits.count <= 10, let n = Double(digits), total == 0 else { return nil }
            total = n
        }
        guard !text.isEmpty, total > 0, total <= maximum else { return nil }
        return total
    }
}

extension Invocation {
    /// KIND and TARGET of `fault add` / `fault rm`.
    /// - Throws: a usage error for an unknown kind (with the nearest known one).
    func faultKindAndTarget() throws -> (SandboxFaultKind, String) {
        let text = arguments.positional(0) ?? ""
        guard let kind = SandboxFaultKind(rawValue: text) else {
            let names = SandboxFaultKind.allCases.map(\.rawValue)
            throw usageError("unknown fault kind '\(text)'; the kinds are \(names.joined(separator: ", "))")
        }
        return (kind, arguments.positional(1) ?? "")
    }

    /// Runs `body` on the sandbox world of the manifest directory (argument `directoryArgument`), creating the world
    /// when there is none yet, and saves it.
    /// - Throws: `CommandFailure` with the sandbox's error.
    func changeSandbox<T>(directoryArgument: Int = 2, _ body: (inout SandboxWorld, Date) throws -> T) async throws -> T {
        let store = try sandboxStore(directoryArgument: directoryArgument)
        do { return try await store.transact(body) } catch { throw CommandFailure("\(error)") }
    }

    /// The store of the sandbox of the manifest directory given as argument `directoryArgument`, on the clock the
    /// environment asks for.
    /// - Throws: `CommandFailure` for a malformed clock variable.
    func sandboxStore(directoryArgument: Int = 0) throws -> SandboxStore {
        let clock: SandboxClock
        do { clock = try SandboxClock.fromEnvironment(environment) } catch { throw CommandFailure("\(error)") }
        return SandboxStore(path: sandboxPath(directoryArgument: directoryArgument), clock: clock)
    }
}
