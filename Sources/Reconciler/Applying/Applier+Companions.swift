import Foundation
import SwitchboardModel

/// Companion work during an apply (DESIGN.md section 6): a resource's subject is pointed at its companion value
/// before the resource is created, pointed back after it is deleted, and follows the activation of the resource it
/// goes through. State records what the subject held before, written before the first change at the companion
/// platform, so an apply killed half way is finished by the next one and never takes its own value for the previous
/// one.
extension Applier {
    /// The companion work of this plan.
    var companionWork: Companions {
        Companions(
            project: plan.project, rules: rules, resolver: companions,
            desired: Dictionary(
                plan.changes.compactMap { c in c.desired.map { ($0.address, $0) } }, uniquingKeysWith: { a, _ in a }),
            secretValue: secretValue)
    }

    /// Points `r`'s subject at its companion value, first recording what it holds (kept from an earlier record of
    /// the same subject: the value an interrupted apply set is never taken for the previous one).
    /// - Throws: `PlatformError` (the subject is missing, a consequence was not accepted); state errors.
    func attachCompanion(_ r: Resource, keeper: StateKeeper) async throws {
        let work = companionWork
        let snapshot = await keeper.snapshot
        guard let w = try work.work(
            r.address, cls: r.resourceClass, connection: r.platform, attributes: r.attributes, state: snapshot),
            w.active
        else { return }
        guard let platform = try work.platform(
            w.rule.platformType, account: w.step.account, through: w.through, credential: w.rule.credentialField,
            connection: r.platform)
        else { return }
        let seen = try await platform.inspect(w.step)
        try refuseUnaccepted(seen.findings)
        let earlier = snapshot.companions[r.address.description]
        let previous: [String: Value]? =
            earlier.map { $0.subject == w.step.subject && $0.account == w.step.account } == true
            ? earlier?.previous : (seen.attached ? nil : seen.current)
        var record = CompanionRecord(
            platformType: w.rule.platformType, connection: r.platform, purpose: w.rule.purpose, through: w.through,
            account: w.step.account, subject: w.step.subject, value: w.step.value, previous: previous,
            attached: false, credential: work.credentialRef(w.rule.credentialField, through: w.through))
        try await keeper.record(r.address, record)
        events(.progress(r.address, "pointing the \(w.rule.purpose) of \(w.step.subject) at \(w.step.value)"))
        try await platform.attach(w.step)
        record.attached = true
        try await keeper.record(r.address, record)
        options.afterCompanion?(r.address)
    }

    /// Points the subject of `address` back at what it held before, and forgets the record.
    /// - Throws: `PlatformError`; state errors.
    func detachCompanion(_ address: Address, keeper: StateKeeper) async throws {
        guard let record = await keeper.snapshot.companions[address.description] else { return }
        if record.attached, let platform = try companionWork.platform(record) {
            events(.progress(address, "pointing the \(record.purpose) of \(record.subject) back"))
            try await platform.detach(record.step(address), previous: record.previous ?? [:])
        }
        try await keeper.record(address, nil)
    }

    /// After an update of a resource that others' companion work goes through: when its activation field turned
    /// off, their subjects are pointed back; on, at their values again.
    /// - Throws: `PlatformError`; state errors.
    func followActivation(_ c: PlannedChange, keeper: StateKeeper) async throws {
        let work = companionWork
        for rule in work.rules(through: c.address.kind) {
            guard let field = rule.activationField,
                let on = c.fields.first(where: { $0.path == field.path })?.after?.boolValue
            else { continue }
            let records = await keeper.snapshot.companions.filter { $0.value.through == c.address }
            for (key, record) in records.sorted(by: { $0.key < $1.key }) where record.attached != on {
                guard let address = Address(parsing: key), let platform = try work.platform(record) else { continue }
                if on {
                    events(.progress(c.address, "pointing the \(record.purpose) of \(record.subject) at \(record.value)"))
                    try await platform.attach(record.step(address))
                } else {
                    events(.progress(c.address, "pointing the \(record.purpose) of \(record.subject) back"))
                    try await platform.detach(record.step(address), previous: record.previous ?? [:])
                }
                var next = record
                next.attached = on
                try await keeper.record(address, next)
            }
        }
    }

    /// Refuses consequences at the companion platform that the apply has not accepted (found only there, so a plan
    /// made without reading the platforms could not show them).
    /// - Throws: `ApplyRefusal.notAccepted`.
    func refuseUnaccepted(_ findings: [Finding]) throws {
        var probe = plan
        probe.findings = findings
        let missing = options.acceptance.unaccepted(probe)
        if !missing.isEmpty { throw ApplyRefusal.notAccepted(missing) }
    }
}
