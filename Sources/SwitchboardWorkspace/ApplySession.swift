import Foundation
import Reconciler
import StateBackends
import SwitchboardModel

/// One `apply` under the state lock: plan (or resolve a saved plan against state), refuse what may not run, ask the
/// caller for acceptance and confirmation, execute, and keep the history record of it all.
///
/// The history record's life cycle is the session's: a `refused` record for every refusal (errors in the plan, a
/// stale saved plan, findings not accepted, no confirmation, the applier's own preflight); once changes start, a
/// `running` record listing them as `pending`, each change's outcome recorded as it happens, and the record replaced
/// (same id) by the result when the apply ends. An apply that dies leaves its `running` record and the outcomes it
/// recorded; the next command that takes the lock closes it as `interrupted` (`InterruptedApplies`). A plan with
/// nothing to do writes no record, unless the session wrote state all the same (an interrupted apply's unknown
/// outcomes resolved, fingerprints recorded under a new key).
///
/// The caller keeps the terminal: it renders the plan, asks the questions, shows progress and renders the outcome,
/// all through `Handlers`.
public struct ApplySession: Sendable {
    /// How to run the changes and what the caller settled up front.
    public struct Options: Sendable {
        /// Up to this many independent changes at once.
        public var parallelism: Int
        /// WhatsApp activation codes by integration address.
        public var verificationCodes: [Address: String]
        /// The final confirmation was given up front (`--auto-approve`): `Handlers.confirm` is not asked, and the
        /// history records it.
        public var autoApprove: Bool
        /// How long to wait for the state lock, in seconds.
        public var lockTimeout: Double
        /// Called right after each platform mutation, before its result reaches state (a test hook).
        public var afterMutation: (@Sendable (Address) -> Void)?
        /// Called right after a resource's companion subject was pointed, before its own change (a test hook).
        public var afterCompanion: (@Sendable (Address) -> Void)?

        /// Options; the defaults are `apply`'s.
        public init(
            parallelism: Int = 4, verificationCodes: [Address: String] = [:], autoApprove: Bool = false,
            lockTimeout: Double = 0, afterMutation: (@Sendable (Address) -> Void)? = nil,
            afterCompanion: (@Sendable (Address) -> Void)? = nil
        ) {
            self.parallelism = parallelism
            self.verificationCodes = verificationCodes
            self.autoApprove = autoApprove
            self.lockTimeout = lockTimeout
            self.afterMutation = afterMutation
            self.afterCompanion = afterCompanion
        }
    }

    /// What the session tells and asks its caller, in the order it happens. All are called while the lock is held.
    public struct Handlers {
        /// Notes from resolving an interrupted apply's unknown outcomes (`adopted Number/x ...`).
        public var notes: ([String]) -> Void
        /// The plan about to be checked and executed.
        public var planned: (Plan) -> Void
        /// Asks for the findings `acceptance` does not cover (typing a name on a terminal), updating it with what was
        /// accepted. Returns the refusal message when something stays unaccepted.
        public var accept: (Plan, inout Acceptance) -> String?
        /// The final question before anything changes (not asked with `Options.autoApprove`). Returns the refusal
        /// when the answer is not yes.
        public var confirm: (Plan) -> Refusal?
        /// Called once, right before the first change starts: the sink for the applier's events.
        public var progress: () -> @Sendable (ApplyEvent) -> Void
        /// Something went wrong that does not stop the apply (a history record could not be written).
        public var warning: (String) -> Void
        /// How the apply ended, before the lock is released.
        public var finished: (Outcome) -> Void

        /// Handlers; each default does nothing, accepts nothing more and confirms.
        public init(
            notes: @escaping ([String]) -> Void = { _ in }, planned: @escaping (Plan) -> Void = { _ in },
            accept: @escaping (Plan, inout Acceptance) -> String? = ApplySession.unaccepted,
            confirm: @escaping (Plan) -> Refusal? = { _ in nil },
            progress: @escaping () -> @Sendable (ApplyEvent) -> Void = { { _ in } },
            warning: @escaping (String) -> Void = { _ in }, finished: @escaping (Outcome) -> Void = { _ in }
        ) {
            self.notes = notes
            self.planned = planned
            self.accept = accept
            self.confirm = confirm
            self.progress = progress
            self.warning = warning
            self.finished = finished
        }
    }

    /// Why nothing was changed. Thrown by `run`, after the `refused` record was written.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// What the user is told.
        public var message: String
        /// What the history record says (often shorter: it knows nothing was changed).
        public var recorded: String

        /// A refusal told as `message` and recorded as `recorded` (by default the same).
        public init(_ message: String, recorded: String? = nil) {
            self.message = message
            self.recorded = recorded ?? message
        }

        public var description: String { message }
    }

    /// How an apply that was not refused ended.
    public enum Outcome: Sendable {
        /// The plan had no changes. State was written all the same, with a history record saying so, when
        /// `recordedInterruptedApply` (an interrupted apply's unknown outcomes were resolved) or
        /// `recordedFingerprintKey` (the fingerprints were made again under a new key, or a one-time secret's
        /// dropped).
        case nothingToApply(plan: Plan, recordedInterruptedApply: Bool, recordedFingerprintKey: Bool)
        /// The changes ran; the result says how each went.
        case applied(plan: Plan, result: ApplyResult)
    }

    /// The open workspace: its store, secrets and manifests.
    public var workspace: Workspace
    /// A saved plan to execute exactly, or nil to plan now from the workspace's manifests.
    public var savedPlan: Plan?
    /// What was accepted up front (`--accept-*`).
    public var acceptance: Acceptance
    /// How to run.
    public var options: Options
    /// The platform connections, by name.
    public var platforms: [String: any Platform]
    /// Who runs the apply, for history.
    public var identity: ProcessIdentity

    /// A session on `workspace`, with `platforms` (by default the workspace's own connections).
    /// - Throws: what building the workspace's platforms throws (a missing credential).
    public init(
        workspace: Workspace, savedPlan: Plan? = nil, acceptance: Acceptance = Acceptance(),
        options: Options = Options(),
        platforms: [String: any Platform]? = nil, identity: ProcessIdentity = .current
    ) throws {
        self.workspace = workspace
        self.savedPlan = savedPlan
        self.acceptance = acceptance
        self.options = options
        self.platforms = try platforms ?? workspace.platforms()
        self.identity = identity
    }

    /// Accepts nothing more than `acceptance` already covers: nil when it covers every finding of `plan`, else the
    /// refusal listing the findings left and the flags that accept them.
    public static func unaccepted(_ plan: Plan, _ acceptance: inout Acceptance) -> String? {
        let missing = acceptance.unaccepted(plan)
        guard !missing.isEmpty else { return nil }
        var flags: [String] = []
        if missing.contains(where: { $0.severity == .billing }) { flags.append("--accept-billing") }
        if missing.contains(where: { $0.severity == .irreversible }) { flags.append("--accept-irreversible") }
        if missing.contains(where: { $0.severity == .destructive }) { flags.append("--accept-destructive") }
        let list = missing.map { "  \($0.code) (\($0.address?.description ?? "plan")): \($0.message)" }
            .joined(separator: "\n")
        return "the plan has findings that were not accepted; nothing was changed:\n\(list)\n"
            + (flags.isEmpty ? "" : "accept them with \(flags.joined(separator: " ")) or run apply on a terminal")
    }

    /// Runs the apply under the state lock.
    /// - Returns: how it ended (also given to `Handlers.finished` before the lock is released).
    /// - Throws: `Refusal` when nothing was changed on purpose; `StateError.locked` when the lock is not free in time;
    ///   planning, state and platform errors.
    public func run(_ handlers: Handlers) async throws -> Outcome {
        try await withStateLock(
            store: workspace.store, command: "apply", timeout: options.lockTimeout, warning: handlers.warning
        ) { _ in
            let loaded = try await workspace.store.load()
            let (prepared, state) = try await prepare(loaded, handlers)
            // What the plan's creations change for others at companion platforms, read before anything changes.
            let plan = Companions.merging(
                try await workspace.companions(platforms, desired: prepared.changes.compactMap(\.desired))
                    .findings(for: prepared, state: state),
                into: prepared)
            handlers.planned(plan)
            let history = ApplyHistory(session: self, plan: plan, warning: handlers.warning)
            if plan.hasErrors {
                throw await history.refuse(Refusal("the plan has errors; nothing was changed"), acceptance)
            }
            let outcome: Outcome
            if plan.summary.isEmpty {
                let recorded = try await recordWithoutChanges(plan, loaded: loaded, state: state, history: history)
                outcome = .nothingToApply(
                    plan: plan, recordedInterruptedApply: recorded.interrupted, recordedFingerprintKey: recorded.key)
            } else {
                let accepted = try await accept(plan, state: state, history: history, handlers)
                outcome = .applied(
                    plan: plan, result: try await execute(plan, state: state, accepted, history: history, handlers))
            }
            handlers.finished(outcome)
            return outcome
        }
    }

    /// The plan and the state it runs on: a saved plan with the state's unknown outcomes resolved against the plan's
    /// desired resources, or a fresh plan of the workspace's manifests.
    func prepare(_ loaded: StateSnapshot, _ handlers: Handlers) async throws -> (Plan, StateSnapshot) {
        if let savedPlan {
            let desired = Dictionary(
                savedPlan.changes.compactMap { c in c.desired.map { ($0.address, $0) } },
                uniquingKeysWith: { a, _ in a })
            let (state, _) = try await Refresher(platforms: platforms).resolveIntents(loaded, desired: desired)
            return (savedPlan, state)
        }
        let made = try await workspace.plan(state: loaded, platforms: platforms, refresh: false)
        handlers.notes(made.notes)
        return (made.plan, made.state)
    }

    /// With nothing to do, still saves what the session learned: an interrupted apply's unknown outcomes (resolved
    /// in `prepare`) and the fingerprints kept up under the key in use; then a history record says so.
    /// - Returns: what was written to state.
    /// - Throws: `Refusal` (recorded) when a fingerprint cannot be made again; state errors.
    func recordWithoutChanges(
        _ plan: Plan, loaded: StateSnapshot, state: StateSnapshot, history: ApplyHistory
    ) async throws -> (interrupted: Bool, key: Bool) {
        let ws = workspace
        let upkeep: (state: StateSnapshot, changed: Bool)
        do {
            upkeep = try FingerprintUpkeep.apply(
                to: state, plan: plan, fingerprinter: ws.fingerprinter(lineage: state.lineage),
                secretValue: { try ws.secrets.value($0) })
        } catch {
            throw await history.refuse(Refusal(error.description + "; nothing was changed"), acceptance)
        }
        let recovered = !loaded.intents.isEmpty
        guard recovered || upkeep.changed else { return (false, false) }
        _ = try await ws.store.save(upkeep.changed ? upkeep.state : state)
        var done: [String] = []
        if recovered { done.append("recorded the outcomes of an interrupted apply") }
        if upkeep.changed { done.append("recorded the secret fingerprints under the current key") }
        await history.write(.succeeded, [], acceptance, message: "nothing to apply; " + done.joined(separator: "; "))
        return (recovered, upkeep.changed)
    }

    /// Refuses a stale saved plan (before any question), then asks for acceptance and confirmation.
    /// - Returns: the acceptance to apply with.
    /// - Throws: `Refusal`, recorded.
    func accept(
        _ plan: Plan, state: StateSnapshot, history: ApplyHistory, _ handlers: Handlers
    ) async throws -> Acceptance {
        var acceptance = self.acceptance
        if savedPlan != nil, let stale = Applier.staleness(of: plan, against: state) {
            let refusal = Refusal(stale.description + "; nothing was changed", recorded: stale.description)
            throw await history.refuse(refusal, acceptance)
        }
        if let refusal = handlers.accept(plan, &acceptance) {
            throw await history.refuse(Refusal(refusal), acceptance)
        }
        if !options.autoApprove, let refusal = handlers.confirm(plan) {
            throw await history.refuse(refusal, acceptance)
        }
        return acceptance
    }

    /// Runs the changes, with a `running` record first and the result (same id) last.
    /// - Throws: `Refusal` (recorded) when the applier's preflight refuses; state errors.
    func execute(
        _ plan: Plan, state: StateSnapshot, _ acceptance: Acceptance, history: ApplyHistory, _ handlers: Handlers
    ) async throws -> ApplyResult {
        let ws = workspace
        // The intents this apply writes carry the record's id, so a record closed after a crash tells the changes
        // that were under way.
        let applier = Applier(
            plan: plan, platforms: platforms, rules: PlatformRegistry.rules, store: ws.store,
            secretValue: { try ws.secrets.value($0) }, fingerprinter: ws.fingerprinter(lineage: plan.lineage),
            options: ApplyOptions(
                parallelism: options.parallelism, acceptance: acceptance, verificationCodes: options.verificationCodes,
                applyId: history.id, afterMutation: options.afterMutation, afterCompanion: options.afterCompanion,
                recordOutcome: history.outcomeRecorder()),
            events: handlers.progress(),
            companions: ws.companionResolver(platforms))
        let pending = plan.changes.filter { $0.action != .noop }.map {
            HistoryChange(address: $0.address, action: $0.action, outcome: .pending)
        }
        await history.write(.running, pending, acceptance)
        let result: ApplyResult
        do {
            result = try await applier.run(state: state)
            await history.reportOutcomeFailures()
        } catch let refusal as ApplyRefusal {
            let message = refusal.description
            throw await history.refuse(Refusal(message + "; nothing was changed", recorded: message), acceptance)
        } catch {
            // State could not be written: the outcomes recorded so far stay in the record.
            await history.write(.failed, pending, acceptance, message: "\(error)", keepOutcomes: true)
            throw error
        }
        await history.write(result.result, result.changes, acceptance)
        return result
    }
}

/// The history records of one apply: one id and start time, written again as the apply moves on.
struct ApplyHistory {
    let id = UUID().uuidString.lowercased()
    let startedAt = StateTime.format(Date())
    let session: ApplySession
    let plan: Plan
    let warning: (String) -> Void
    /// Why change outcomes could not be written, told once the changes have run.
    let outcomeFailures = OutcomeFailures()

    /// Appends (or, with the same id, replaces) the record. A failure to write is a warning, never an error: the
    /// apply's own outcome matters more than its trace. `keepOutcomes`: lay the outcomes recorded so far over
    /// `changes`.
    func write(
        _ result: HistoryRecord.Result, _ changes: [HistoryChange], _ acceptance: Acceptance, message: String? = nil,
        keepOutcomes: Bool = false
    ) async {
        var changes = changes
        if keepOutcomes, let recorded = try? await session.workspace.store.history().last(where: { $0.id == id }) {
            changes = recorded.changes
        }
        let record = HistoryRecord(
            id: id, time: startedAt, user: session.identity.user, host: session.identity.host,
            planChecksum: plan.checksum, manifestDigest: plan.manifestDigest, commit: plan.commit,
            accepted: acceptance.flags + (session.options.autoApprove ? ["--auto-approve"] : []),
            changes: changes, result: result, message: message)
        do { try await session.workspace.store.appendHistory(record) } catch {
            warning("could not write history: \(error)")
        }
    }

    /// Records each change's outcome as it happens; a failure to write is told after the changes have run
    /// (`reportOutcomeFailures`).
    func outcomeRecorder() -> @Sendable (HistoryChange) async -> Void {
        let store = session.workspace.store
        let id = id
        let failures = outcomeFailures
        return { change in
            do { try await store.appendHistoryChange(change, record: id) } catch {
                await failures.add("\(error)")
            }
        }
    }

    /// Warns about the change outcomes that could not be written (once per distinct reason).
    func reportOutcomeFailures() async {
        for reason in await outcomeFailures.reasons { warning("could not write history: \(reason)") }
    }

    /// The distinct reasons change outcomes could not be written.
    actor OutcomeFailures {
        private(set) var reasons: [String] = []

        func add(_ reason: String) {
            if !reasons.contains(reason) { reasons.append(reason) }
        }
    }

    /// Records `refusal` and returns it, to be thrown.
    func refuse(_ refusal: ApplySession.Refusal, _ acceptance: Acceptance) async -> ApplySession.Refusal {
        await write(.refused, [], acceptance, message: refusal.recorded)
        return refusal
    }
}
