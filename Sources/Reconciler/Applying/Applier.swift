import Foundation
import SwitchboardModel

/// Something the applier reports as it goes (the CLI prints these).
public enum ApplyEvent: Sendable {
    case started(PlannedChange)
    case progress(Address, String)
    case finished(PlannedChange, HistoryChange)
    /// A change not run because something it depends on failed (the reason names it).
    case skipped(PlannedChange, String)
}

/// How to apply.
public struct ApplyOptions: Sendable {
    public var parallelism: Int
    public var acceptance: Acceptance
    /// Verification codes the operator gave, by address (activations that wait for one).
    public var verificationCodes: [Address: String]
    /// Identifies this apply in intents and history.
    public var applyId: String
    /// Test hook: called after a platform mutation succeeds, before its result is written to state.
    public var afterMutation: (@Sendable (Address) -> Void)?
    /// Test hook: called after a resource's companion subject was pointed and recorded, before the resource's own
    /// change at its platform.
    public var afterCompanion: (@Sendable (Address) -> Void)?
    /// Called with each change's outcome as it happens, and awaited: a success between the platform's answer and
    /// the state write that clears its intent (so a change is always either recorded, or under way with its intent
    /// in state, or not started), a failure as it is known. The apply's history record keeps them.
    public var recordOutcome: (@Sendable (HistoryChange) async -> Void)?

    public init(
        parallelism: Int = 4, acceptance: Acceptance = .init(), verificationCodes: [Address: String] = [:],
        applyId: String = UUID().uuidString.lowercased(), afterMutation: (@Sendable (Address) -> Void)? = nil,
        afterCompanion: (@Sendable (Address) -> Void)? = nil,
        recordOutcome: (@Sendable (HistoryChange) async -> Void)? = nil
    ) {
        self.parallelism = max(1, parallelism)
        self.acceptance = acceptance
        self.verificationCodes = verificationCodes
        self.applyId = applyId
        self.afterMutation = afterMutation
        self.afterCompanion = afterCompanion
        self.recordOutcome = recordOutcome
    }
}

/// What an apply did.
public struct ApplyResult: Sendable {
    /// Per change, in plan order.
    public var changes: [HistoryChange]
    /// `succeeded` or `failed`.
    public var result: HistoryRecord.Result
    /// The state as last written.
    public var state: StateSnapshot
    /// The failed changes whose failure the platform called temporary (a rate limit, a time-out, work still in
    /// progress): running apply again may get them done. Any other failure needs a fix first.
    public var retryable: Set<Address>

    /// Creates a result.
    public init(
        changes: [HistoryChange], result: HistoryRecord.Result, state: StateSnapshot, retryable: Set<Address> = []
    ) {
        self.changes = changes
        self.result = result
        self.state = state
        self.retryable = retryable
    }
}

/// Why an apply did not start.
public enum ApplyRefusal: Error, Sendable, CustomStringConvertible {
    /// The plan was made from another state (lineage or serial moved on).
    case stalePlan(planSerial: Int, stateSerial: Int, sameLineage: Bool)
    /// Findings that need acceptance (or errors, which nothing accepts).
    case notAccepted([Finding])
    /// A secret changed between plan and apply.
    case secretChanged(Address, String)
    /// A change names a platform connection that is not configured.
    case unknownPlatform(String)
    /// State's fingerprints must be made again under a new key, and a secret cannot be read.
    case rekey(FingerprintUpkeep.Failure)

    public var description: String {
        switch self {
        case .stalePlan(let p, let s, let same):
            same
                ? "stale plan: it was made from state serial \(p), but state is now at serial \(s); run plan again"
                : "stale plan: it was made from a different state (another lineage); run plan again"
        case .notAccepted(let findings):
            "the plan needs acceptance before anything is changed: "
                + findings.map { "\($0.code) (\($0.address?.description ?? "plan"))" }.joined(separator: ", ")
        case .secretChanged(let a, let path):
            "the secret '\(path)' of \(a) changed since the plan was made; run plan again"
        case .unknownPlatform(let p): "no platform named '\(p)' is configured"
        case .rekey(let failure): failure.description
        }
    }
}

/// Executes a plan exactly, in dependency order, writing state after every change.
public struct Applier: Sendable {
    public var plan: Plan
    public var platforms: [String: any Platform]
    /// The rules of each platform type (natural keys recorded in intents).
    public var rules: [PlatformType: PlatformRules]
    public var store: any StateStore
    /// Resolves a secret's value at apply time.
    public var secretValue: @Sendable (SecretRef) throws -> String
    public var fingerprinter: Fingerprinter
    public var options: ApplyOptions
    public var events: @Sendable (ApplyEvent) -> Void
    public var clock: @Sendable () -> Date
    /// Finds the platforms doing companion work (`CompanionRule`); nil when the workspace has none.
    public var companions: CompanionResolver?

    public init(
        plan: Plan, platforms: [String: any Platform], rules: [PlatformType: PlatformRules], store: any StateStore,
        secretValue: @escaping @Sendable (SecretRef) throws -> String, fingerprinter: Fingerprinter,
        options: ApplyOptions = .init(), events: @escaping @Sendable (ApplyEvent) -> Void = { _ in },
        clock: @escaping @Sendable () -> Date = { Date() }, companions: CompanionResolver? = nil
    ) {
        self.plan = plan
        self.platforms = platforms
        self.rules = rules
        self.store = store
        self.secretValue = secretValue
        self.fingerprinter = fingerprinter
        self.options = options
        self.events = events
        self.clock = clock
        self.companions = companions
    }

    /// True for a state no apply has written yet (its lineage is only this process's, so any plan of serial 0 fits).
    public static func isNeverWritten(_ state: StateSnapshot) -> Bool {
        state.serial == 0 && state.resources.isEmpty
    }

    /// Why `plan` cannot run against `state` (made from another lineage or an older serial), or nil when it can.
    public static func staleness(of plan: Plan, against state: StateSnapshot) -> ApplyRefusal? {
        if plan.serial == 0 && isNeverWritten(state) { return nil }
        guard plan.lineage != state.lineage || plan.serial != state.serial else { return nil }
        return .stalePlan(planSerial: plan.serial, stateSerial: state.serial, sameLineage: plan.lineage == state.lineage)
    }

    /// Checks everything that must hold before the first change: fresh plan, acceptances, secrets, platforms.
    /// - Throws: `ApplyRefusal`; nothing has been changed when it throws.
    public func preflight(state: StateSnapshot) throws -> [Address: [String: String]] {
        if let stale = Applier.staleness(of: plan, against: state) { throw stale }
        let unaccepted = options.acceptance.unaccepted(plan)
        if !unaccepted.isEmpty { throw ApplyRefusal.notAccepted(unaccepted) }
        var secrets: [Address: [String: String]] = [:]
        for change in plan.changes where change.action != .noop {
            guard platforms[change.platform] != nil else { throw ApplyRefusal.unknownPlatform(change.platform) }
            guard let r = change.desired, change.action != .delete else { continue }
            var values: [String: String] = [:]
            for (path, ref) in r.secretFields {
                let v = try secretValue(ref)
                if let planned = change.fingerprints[path], planned != fingerprinter.fingerprint(v) {
                    throw ApplyRefusal.secretChanged(change.address, path)
                }
                values[path] = v
            }
            secrets[change.address] = values
        }
        return secrets
    }

    /// Executes one change; never throws (a failure is an outcome, with whether it was temporary).
    func execute(_ c: PlannedChange, secrets: [String: String], keeper: StateKeeper) async -> Finished {
        let start = clock()
        let clock = self.clock
        @Sendable func outcome(_ status: HistoryChange.Outcome, error: String? = nil) -> HistoryChange {
            HistoryChange(
                address: c.address, action: c.action, outcome: status, error: error,
                elapsedMs: Int(clock().timeIntervalSince(start) * 1000))
        }
        guard let platform = platforms[c.platform] else {
            return Finished(
                HistoryChange(address: c.address, action: c.action, outcome: .failed, error: "no platform '\(c.platform)'"))
        }
        // Recorded before the state write that clears the change's intent.
        let record = options.recordOutcome
        let done: Completion = { status in await record?(outcome(status)) }
        do {
            var status = HistoryChange.Outcome.succeeded
            switch c.action {
            case .noop:
                break
            case .create:
                status = try await create(
                    c, platform: platform, secrets: secrets, keeper: keeper, operation: .create, done: done)
            case .import:
                status = try await adopt(c, platform: platform, secrets: secrets, keeper: keeper, done: done)
            case .update:
                status = try await update(c, platform: platform, secrets: secrets, keeper: keeper, done: done)
            case .move:
                status = try await move(c, platform: platform, secrets: secrets, keeper: keeper, done: done)
            case .replace:
                // A moved resource replaced with what it lives through leaves its old address.
                if let prior = c.prior {
                    try await delete(
                        c.previousAddress ?? c.address, prior: prior, platform: platform, keeper: keeper,
                        operation: .replaceDelete)
                }
                status = try await create(
                    c, platform: platform, secrets: secrets, keeper: keeper, operation: .replaceCreate, done: done)
            case .delete:
                // Without a prior, only companion work is left to undo (its resource went in an earlier apply).
                try await delete(
                    c.address, prior: c.prior, platform: platform, keeper: keeper, operation: .delete, done: done)
            }
            return Finished(outcome(status))
        } catch {
            return Finished(outcome(.failed, error: String(describing: error)), retryable: Self.isTemporary(error))
        }
    }

    /// A change's outcome, and for a failure whether the platform called it temporary.
    struct Finished: Sendable {
        var change: HistoryChange
        var retryable = false

        init(_ change: HistoryChange, retryable: Bool = false) {
            self.change = change
            self.retryable = retryable
        }
    }

    /// True for a failure a later run may not meet again: the platform said so (`PlatformError.retryable`: rate
    /// limits, time-outs, work in progress). Anything else (a refusal, a conflict, a missing object) needs a fix.
    static func isTemporary(_ error: any Error) -> Bool {
        (error as? PlatformError)?.retryable ?? false
    }

    /// Records a change's outcome once the platform has answered, before state clears its intent.
    typealias Completion = @Sendable (HistoryChange.Outcome) async -> Void

    func request(_ c: PlannedChange, _ r: Resource, secrets: [String: String], keeper: StateKeeper) async -> PlatformRequest {
        let snapshot = await keeper.snapshot
        var refs: [Address: String] = [:]
        var refState: [Address: ResourceState] = [:]
        for a in r.references + listers(of: r) {
            if let s = snapshot[a] {
                refs[a] = s.remoteId
                refState[a] = s
            }
        }
        let address = c.address
        let events = self.events
        return PlatformRequest(
            resource: r, secrets: secrets, references: refs, referencedState: refState, prior: c.prior,
            changes: c.fields.filter { !companionWork.isCompanionPath($0.path) } + Self.relinkChanges(c, r),
            verificationCode: options.verificationCodes[c.address],
            progress: { events(.progress(address, $0)) })
    }

    func create(
        _ c: PlannedChange, platform: any Platform, secrets: [String: String], keeper: StateKeeper,
        operation: Intent.Operation, done: Completion
    ) async throws -> HistoryChange.Outcome {
        guard let r = c.desired else { return .succeeded }
        // Before the platform's side: the companion's subject must point here first.
        try await attachCompanion(r, keeper: keeper)
        try await keeper.begin(Intent(
            address: c.address, operation: operation, platform: c.platform, naturalKey: naturalKey(r),
            startedAt: iso(clock()), applyId: options.applyId,
            fingerprints: c.fingerprints.isEmpty ? nil : c.fingerprints))
        let remote = try await platform.create(await request(c, r, secrets: secrets, keeper: keeper))
        options.afterMutation?(c.address)
        let state = StateKeeper.resourceState(
            r, remote: remote, fingerprints: c.fingerprints, prior: nil, now: iso(clock()))
        await done(Self.outcome(remote))
        try await keeper.finish(c.address, state: state)
        return Self.outcome(remote)
    }

    func update(
        _ c: PlannedChange, platform: any Platform, secrets: [String: String], keeper: StateKeeper, done: Completion
    ) async throws -> HistoryChange.Outcome {
        guard let r = c.desired, let prior = c.prior else { return .succeeded }
        let work = companionWork
        let onlyMetadata =
            c.relinks.isEmpty
            && c.fields.allSatisfy { $0.path.hasPrefix("metadata.") || work.isCompanionPath($0.path) }
        var remote = RemoteObject(remoteId: prior.remoteId, status: prior.status, outputs: prior.outputs)
        // Companion work left undone (its subject drifted, or an apply stopped half way) is done again.
        if let rule = work.rule(r.platform, r.resourceClass),
            c.fields.contains(where: { $0.path.hasPrefix(rule.platformType.rawValue + ".") })
        {
            try await attachCompanion(r, keeper: keeper)
        }
        if !onlyMetadata {
            try await keeper.begin(Intent(
                address: c.address, operation: .update, platform: c.platform, naturalKey: naturalKey(r),
                remoteId: prior.remoteId, startedAt: iso(clock()), applyId: options.applyId,
                fingerprints: c.fingerprints.isEmpty ? nil : c.fingerprints))
            remote = try await platform.update(await request(c, r, secrets: secrets, keeper: keeper), remoteId: prior.remoteId)
            options.afterMutation?(c.address)
        }
        try await followActivation(c, keeper: keeper)
        let state = StateKeeper.resourceState(r, remote: remote, fingerprints: c.fingerprints, prior: prior, now: iso(clock()))
        await done(Self.outcome(remote))
        try await keeper.finish(c.address, state: state)
        return Self.outcome(remote)
    }

    /// Moves the object to its new address: the platform's update (its display name, and any field changed in
    /// place), then state's entry moves from the old address to the new one in one write. Its intent is an update at
    /// the new address: after a crash state still holds the old address, so the next plan moves it again.
    func move(
        _ c: PlannedChange, platform: any Platform, secrets: [String: String], keeper: StateKeeper, done: Completion
    ) async throws -> HistoryChange.Outcome {
        guard let r = c.desired, let prior = c.prior, let previous = c.previousAddress else { return .succeeded }
        try await keeper.begin(Intent(
            address: c.address, operation: .update, platform: c.platform, naturalKey: naturalKey(r),
            remoteId: prior.remoteId, startedAt: iso(clock()), applyId: options.applyId,
            fingerprints: c.fingerprints.isEmpty ? nil : c.fingerprints))
        let remote = try await platform.update(await request(c, r, secrets: secrets, keeper: keeper), remoteId: prior.remoteId)
        options.afterMutation?(c.address)
        let state = StateKeeper.resourceState(r, remote: remote, fingerprints: c.fingerprints, prior: prior, now: iso(clock()))
        await done(Self.outcome(remote))
        try await keeper.move(from: previous, to: c.address, state: state)
        return Self.outcome(remote)
    }

    /// The reference fields a re-linking change points at new objects, as field changes for the platform (the name
    /// stays, the object it stands for is new); the plan shows them as `relinks`.
    static func relinkChanges(_ c: PlannedChange, _ r: Resource) -> [FieldChange] {
        guard !c.relinks.isEmpty else { return [] }
        var fields: [Field] = []
        for address in c.relinks {
            if let field = r.referenceField(to: address), !fields.contains(field) { fields.append(field) }
        }
        let attributes = r.attributes
        return fields.filter { field in !c.fields.contains { $0.path == field.path } }.map {
            FieldChange(path: $0.path, before: attributes[$0], after: attributes[$0])
        }
    }

    /// A mutation that left the object waiting for a verification code has not finished its work.
    static func outcome(_ remote: RemoteObject) -> HistoryChange.Outcome {
        remote.status == .awaitingVerification ? .awaitingVerification : .succeeded
    }

    /// Deletes `prior`; `done` is nil for the delete half of a replacement (the create half records the outcome).
    func delete(
        _ address: Address, prior: ResourceState?, platform: any Platform, keeper: StateKeeper,
        operation: Intent.Operation, done: Completion? = nil
    ) async throws {
        if let prior {
            try await keeper.begin(Intent(
                address: address, operation: operation, platform: prior.platform, naturalKey: prior.name,
                remoteId: prior.remoteId, startedAt: iso(clock()), applyId: options.applyId))
            try await platform.delete(prior)
            options.afterMutation?(address)
        }
        // After the platform's side: the companion's subject goes back to what it was.
        try await detachCompanion(address, keeper: keeper)
        await done?(.succeeded)
        try await keeper.finish(address, state: nil, keepIntent: operation == .replaceDelete && prior != nil)
    }

    /// The resources of the plan that list `r` where its platform keeps that link on `r` (its rules' `listedBy`).
    func listers(of r: Resource) -> [Address] {
        guard let type = plan.project.platforms[r.platform]?.type,
            let reference = rules[type]?[r.resourceClass]?.listedBy
        else { return [] }
        let name = Value.string(r.name)
        return plan.changes.compactMap { c in
            guard c.address.kind == reference.kind, let lister = c.desired, lister.platform == r.platform,
                lister.attributes[reference.field]?.listValue?.contains(name) == true
            else { return nil }
            return c.address
        }
    }

    /// The key the platform knows `r` by, by its platform's rules (its name where they name none).
    func naturalKey(_ r: Resource) -> String {
        let rules = plan.project.platforms[r.platform].flatMap { self.rules[$0.type]?[r.resourceClass] }
        return rules?.naturalKey(r.attributes, name: r.name) ?? r.name
    }

    func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }
}

/// Owns the state snapshot during an apply and records it after every step: the address a step changed
/// (`StateStore.record`, a journal entry where the backend keeps one), or the whole snapshot where the stored state
/// may differ from it in more than that (the first write, unless the keeper is told the stored state matches).
public actor StateKeeper {
    let store: any StateStore
    public private(set) var snapshot: StateSnapshot
    /// True until the whole snapshot has been written once, when the stored state differs from it elsewhere.
    private var wholeWrite: Bool

    /// Creates a keeper of `snapshot`; `stored` is the state as the store holds it (nil: not known to match, so the
    /// first write is a whole one).
    public init(store: any StateStore, snapshot: StateSnapshot, stored: StateSnapshot? = nil) {
        self.store = store
        self.snapshot = snapshot
        wholeWrite = stored != snapshot
    }

    /// Records an intent before a mutation.
    func begin(_ intent: Intent) async throws {
        snapshot.intents[intent.address.description] = intent
        try await persist(intent.address)
    }

    /// Records a moved object under its new address, forgets the old one and clears the intent, in one write. Its
    /// companion record moves with it, and records of work done through it name the new address.
    func move(from old: Address, to new: Address, state: ResourceState) async throws {
        snapshot[old] = nil
        snapshot[new] = state
        snapshot.intents[old.description] = nil
        snapshot.intents[new.description] = nil
        var touched = [old, new]
        if let record = snapshot.companions.removeValue(forKey: old.description) {
            snapshot.companions[new.description] = record
        }
        for (key, var record) in snapshot.companions where record.through == old {
            record.through = new
            snapshot.companions[key] = record
            if let address = Address(parsing: key) { touched.append(address) }
        }
        try await persist(touched)
    }

    /// Records a mutation's result (nil: the object is gone) and clears its intent.
    func finish(_ address: Address, state: ResourceState?, keepIntent: Bool = false) async throws {
        snapshot[address] = state
        if !keepIntent { snapshot.intents[address.description] = nil }
        try await persist(address)
    }

    /// Records (nil: forgets) the companion work of `address`, and writes state.
    func record(_ address: Address, _ record: CompanionRecord?) async throws {
        snapshot.companions[address.description] = record
        try await persist(address)
    }

    /// Waits for the writes under way, then folds the store's journal into its document.
    /// - Throws: what the store throws.
    func compact() async throws {
        _ = try? await lastWrite?.value
        try await store.compact()
    }

    /// The last write queued; writes run one at a time, each recording its address as the snapshot holds it when the
    /// write starts.
    private var lastWrite: Task<Void, Error>?

    /// Records `addresses`, after any write already under way: one step (serial + 1) per call, so serials never
    /// collide however many changes run in parallel, and each change's record holds its latest state.
    private func persist(_ addresses: Address...) async throws { try await persist(addresses) }

    /// Records `addresses` as one step (see `persist(_:)` above).
    private func persist(_ addresses: [Address]) async throws {
        let previous = lastWrite
        let write = Task {
            _ = try? await previous?.value
            try await self.write(addresses)
        }
        lastWrite = write
        try await write.value
    }

    private func write(_ addresses: [Address]) async throws {
        let saved = wholeWrite ? try await store.save(snapshot) : try await store.record(addresses, of: snapshot)
        wholeWrite = false
        snapshot.serial = saved.serial
    }

    /// The state entry for a resource the platform now holds.
    public static func resourceState(
        _ r: Resource, remote: RemoteObject, fingerprints: [String: String], prior: ResourceState?, now: String
    ) -> ResourceState {
        let active = remote.status == .active
        return ResourceState(
            kind: r.kind, name: r.name, platform: r.platform, remoteId: remote.remoteId, status: remote.status,
            attributes: r.attributes, fingerprints: fingerprints, outputs: remote.outputs, dependencies: r.references,
            protect: r.protect, labels: r.labels, createdAt: prior?.createdAt ?? now,
            activatedAt: active ? (prior?.activatedAt ?? now) : prior?.activatedAt, updatedAt: now)
    }
}
