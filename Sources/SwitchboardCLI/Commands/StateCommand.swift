import Foundation
import SwitchboardWorkspace
import Reconciler
import StateBackends
import SwitchboardModel

extension CommandOption {
    /// `--dir DIR`: the manifest directory whose state a command works on.
    static let dir = CommandOption.value("dir", valueName: "DIR", help: "The manifest directory (default: .).")
}

extension Invocation {
    /// The state store of `--dir` (or `.`): the Project's backend, or the default local file when the manifests
    /// cannot be loaded (state commands must work even when the manifests are broken). No resource's secret is
    /// needed: an unset secret variable is a warning (the backend's own URL is still read).
    func stateStore() throws -> any StateStore {
        let directory = arguments.value("dir") ?? "."
        let environment = try effectiveEnvironment()
        do {
            let ws = try Workspace.open(directory: directory, environment: environment, secretsRequired: false)
            printWarnings(ws)
            return ws.store
        } catch WorkspaceError.invalid {
            let path = (directory as NSString).appendingPathComponent(Project.defaultStatePath)
            console.err("warning: the manifests in '\(directory)' are invalid; using the default state file \(path)")
            return LocalStateStore(path: path)
        }
    }

    /// Parses the ADDR argument.
    func addressArgument() throws -> Address {
        let text = arguments.positional(0) ?? ""
        guard let a = Address(parsing: text) else {
            throw usageError("'\(text)' is not an address; addresses look like Integration/support-whatsapp")
        }
        return a
    }
}

extension Command {
    /// `switchboard state list|show|rm|unlock|unprotect|push|pull`.
    public static let state = Command(
        name: "state",
        summary: "Inspect and edit stored state (list, show, rm, unlock, unprotect, push, pull).",
        subcommands: [stateList, stateShow, stateRm, stateUnlock, stateUnprotect, statePush, statePull])

    static let stateList = Command(
        name: "list", summary: "List managed resources with their platform, status and remote id.",
        usage: "[--dir DIR]", options: [.dir, .envFile],
        run: { inv in
            let store = try inv.stateStore()
            inv.console.write(StateOps.renderList(try await store.load()))
            return ExitCode.success
        })

    static let stateShow = Command(
        name: "show", summary: "Show what state holds for one resource (secrets only as fingerprints).",
        usage: "ADDR [--dir DIR] [--format text|json]",
        arguments: [CommandArgument("ADDR", help: "The resource address, e.g. Number/sf-store.")],
        options: [.dir, .envFile, .format(["text", "json"])],
        run: { inv in
            let address = try inv.addressArgument()
            let snapshot = try await inv.stateStore().load()
            do {
                let text = inv.arguments.value("format") == "json"
                    ? try StateOps.showJSON(snapshot, address) : try StateOps.renderShow(snapshot, address)
                inv.console.write(text.hasSuffix("\n") ? text : text + "\n")
            } catch let f as StateOps.Failure { throw CommandFailure(f.description) }
            return ExitCode.success
        })

    static let stateRm = stateEdit(
        name: "rm", summary: "Forget a resource: it stays on its platform but is no longer managed.",
        edit: { try await StateEdit.remove($0, store: $1, timeout: $2) })

    static let stateUnprotect = stateEdit(
        name: "unprotect", summary: "Clear the protection recorded in state, so the resource may be deleted.",
        edit: { try await StateEdit.unprotect($0, store: $1, timeout: $2) })

    /// A `state` subcommand that edits one address under the lock and prints what it did.
    static func stateEdit(
        name: String, summary: String,
        edit: @escaping @Sendable (Address, any StateStore, Double) async throws -> StateEdit.Outcome
    ) -> Command {
        Command(
            name: name, summary: summary, usage: "ADDR [--dir DIR] [--lock-timeout SECONDS]",
            arguments: [CommandArgument("ADDR", help: "The resource address.")],
            options: [.dir, .envFile, .lockTimeout],
            run: { inv in
                let address = try inv.addressArgument()
                do {
                    inv.console.out(try await edit(address, try inv.stateStore(), try inv.lockTimeout()).message)
                } catch let f as StateOps.Failure { throw CommandFailure(f.description) }
                return ExitCode.success
            })
    }

    static let stateUnlock = Command(
        name: "unlock", summary: "End a lock lease by its id (when its holder is known to be gone).",
        usage: "ID [--dir DIR]",
        arguments: [CommandArgument("ID", help: "The lock id printed by the refused command.")],
        options: [.dir, .envFile],
        run: { inv in
            let id = inv.arguments.positional(0) ?? ""
            let store = try inv.stateStore()
            let holder = try await store.currentLock()
            try await store.forceUnlock(id: id)
            inv.console.out("released the lock \(id)\(holder.map { " held by \($0.description)" } ?? "")")
            return ExitCode.success
        })

    static let statePush = Command(
        name: "push", summary: "Copy a local state file into the Project's backend (e.g. PostgreSQL).",
        usage: "FILE [--dir DIR] [--force]",
        arguments: [CommandArgument("FILE", help: "The local state file to push.")],
        options: [.dir, .envFile, .lockTimeout, .flag("force", help: "Overwrite even with another lineage or an older serial.")],
        run: { inv in
            try await StateTransferCommand.run(inv, push: true)
        })

    static let statePull = Command(
        name: "pull", summary: "Copy the Project's state (e.g. from PostgreSQL) into a local file.",
        usage: "FILE [--dir DIR] [--force]",
        arguments: [CommandArgument("FILE", help: "The local state file to write.")],
        options: [.dir, .envFile, .lockTimeout, .flag("force", help: "Overwrite even with another lineage or an older serial.")],
        run: { inv in
            try await StateTransferCommand.run(inv, push: false)
        })

    /// `switchboard show [PLAN] [--format text|json|markdown]`: a saved plan, or the state when no plan is given.
    public static let show = Command(
        name: "show", summary: "Show a saved plan (with its provenance), or the current state.",
        usage: "[PLAN] [--format text|json|markdown] [--dir DIR]",
        arguments: [CommandArgument("PLAN", help: "A plan saved with 'plan --out'.", isOptional: true)],
        options: [.format(["text", "json", "markdown"]), .dir, .envFile],
        run: { inv in
            guard let path = inv.arguments.positional(0) else {
                inv.console.write(StateOps.renderList(try await inv.stateStore().load()))
                return ExitCode.success
            }
            let plan = try SavedPlan.read(path)
            switch inv.arguments.value("format") ?? "text" {
            case "json": inv.console.write(PlanRenderer.json(plan))
            case "markdown": inv.console.write(MarkdownPlanRenderer.render(plan))
            default:
                inv.console.out("Plan \(path)")
                inv.console.out("  made at:          \(plan.createdAt)")
                inv.console.out("  from:             \(plan.directory)")
                inv.console.out("  manifest digest:  \(plan.manifestDigest)")
                inv.console.out("  git commit:       \(plan.commit ?? "(not in a git work tree)")")
                inv.console.out("  state:            lineage \(plan.lineage), serial \(plan.serial)")
                inv.console.out("  checksum:         \(plan.checksum)")
                inv.console.out()
                inv.console.write(PlanRenderer.text(plan, color: inv.console.useColor(.standardOutput)))
            }
            return ExitCode.success
        })
}

/// `state push` / `state pull` through the StateStore protocol, holding the destination's lock.
enum StateTransferCommand {
    static func run(_ inv: Invocation, push: Bool) async throws -> Int32 {
        guard let file = inv.arguments.positional(0) else { throw inv.usageError("give the local state FILE") }
        let remote = try inv.stateStore()
        let local = LocalStateStore(path: file)
        let destination: any StateStore = push ? remote : local
        let force = inv.arguments.flag("force")
        let result = try await withStateLock(
            store: destination, command: push ? "state push" : "state pull", timeout: try inv.lockTimeout()
        ) { _ in
            do {
                return push
                    ? try await StateTransfer.push(local: local, remote: remote, force: force)
                    : try await StateTransfer.pull(local: local, remote: remote, force: force)
            } catch let e as StateTransferError {
                throw CommandFailure(String(describing: e))
            }
        }
        inv.console.out("copied state lineage \(result.lineage) (serial \(result.sourceSerial)) to \(destination.describe), now at serial \(result.serial)\(result.written ? "" : " (it already held this state; nothing written)")")
        return ExitCode.success
    }
}
