import Foundation
import SwitchboardModel

/// The companion work of resources (`CompanionRule`, DESIGN.md section 6): which rule a resource follows, the step it
/// makes, and the platform that does it. Names no platform: the platforms' rules declare the work and the workspace's
/// resolver finds who does it.
public struct Companions: Sendable {
    /// The connections, by name (which platform type each resource's connection is).
    public var project: Project
    public var rules: [PlatformType: PlatformRules]
    /// Finds the platform serving an account; nil when there is none (companion work then fails its change).
    public var resolver: CompanionResolver?
    /// Desired resources by address: the resources companion work goes through, with their secret references.
    public var desired: [Address: Resource]
    /// Resolves a secret reference.
    public var secretValue: @Sendable (SecretRef) throws -> String
    /// The platforms resolved so far, one per account and credential: each one's listings are read once per command
    /// however many subjects it serves.
    let resolved = CompanionPlatforms()

    /// Creates the companion work of a plan or a refresh.
    public init(
        project: Project, rules: [PlatformType: PlatformRules], resolver: CompanionResolver?,
        desired: [Address: Resource], secretValue: @escaping @Sendable (SecretRef) throws -> String
    ) {
        self.project = project
        self.rules = rules
        self.resolver = resolver
        self.desired = desired
        self.secretValue = secretValue
    }

    /// The rules of a resource of `cls` on connection `connection`.
    func resourceRules(_ connection: String, _ cls: ResourceClass) -> ResourceRules? {
        project.platforms[connection].flatMap { rules[$0.type]?[cls] }
    }

    /// The companion rule of a resource of `cls` on connection `connection`.
    func rule(_ connection: String, _ cls: ResourceClass) -> CompanionRule? {
        resourceRules(connection, cls)?.companion
    }

    /// Every companion rule that goes through resources of `kind`.
    func rules(through kind: Kind) -> [CompanionRule] {
        rules.values.flatMap { $0.resources.values.compactMap(\.companion) }.filter { $0.through.kind == kind }
    }

    /// The leading component of the paths companion work shows in plans (a platform type's name).
    func isCompanionPath(_ path: String) -> Bool {
        let head = path.split(separator: ".", maxSplits: 1).first.map(String.init) ?? path
        return rules.values.contains { $0.resources.values.contains { $0.companion?.platformType.rawValue == head } }
    }

    /// The work for a resource with `attributes` on `connection`: its rule, the resource it goes through and the
    /// step, given that resource's attributes (desired, else as `state` holds them). nil when the resource has no
    /// companion rule.
    func work(
        _ address: Address, cls: ResourceClass, connection: String, attributes: [String: Value], state: StateSnapshot
    ) throws -> (rule: CompanionRule, through: Address, step: CompanionStep, active: Bool)? {
        guard let rules = resourceRules(connection, cls), let rule = rules.companion,
            let name = attributes[rule.through.field]?.stringValue
        else { return nil }
        let through = Address(rule.through.kind, name)
        let throughAttributes = desired[through]?.attributes ?? state[through]?.attributes ?? [:]
        let subject = rules.naturalKey(attributes, name: address.name)
        guard let account = throughAttributes[rule.accountField]?.stringValue,
            let value = rule.value(attributes, throughAttributes)
        else {
            throw PlatformError(
                code: "companion.value",
                message: "\(address): the \(rule.purpose) of \(subject) cannot be worked out from \(through)")
        }
        let active = rule.activationField.map { throughAttributes[$0]?.boolValue ?? true } ?? true
        return (rule, through, CompanionStep(
            purpose: rule.purpose, account: account, subject: subject, value: value, address: address), active)
    }

    /// The platform doing `rule`'s work in `account` for a resource of `connection`, reached with the credential of
    /// `through` where no connection serves the account.
    /// nil where no companion work is done (no resolver, or the resolver says so).
    /// - Throws: `PlatformError` (`companion.unavailable`) when none can be had.
    func platform(
        _ type: PlatformType, account: String, through: Address, credential: Field?, connection: String,
        recorded: SecretRef? = nil
    ) throws -> (any CompanionPlatform)? {
        // Without a resolver (an applier given no companions) no companion work is done.
        guard let resolver else { return nil }
        let ref = credentialRef(credential, through: through) ?? recorded
        let key = CompanionPlatforms.Key(type: type, account: account, connection: connection, credential: ref)
        if let known = resolved.known(key) { return known }
        let secret = ref.flatMap { try? secretValue($0) }
        let platform = try resolver(type, account, secret, connection)
        resolved.remember(key, platform)
        return platform
    }

    /// The reference of `through`'s credential field, as the manifests give it.
    func credentialRef(_ credential: Field?, through: Address) -> SecretRef? {
        credential.flatMap { desired[through]?.secretFields[$0.path] }
    }

    /// The platform of a record.
    func platform(_ record: CompanionRecord) throws -> (any CompanionPlatform)? {
        let credential = rules(through: record.through.kind).first { $0.platformType == record.platformType }?
            .credentialField
        return try platform(
            record.platformType, account: record.account, through: record.through, credential: credential,
            connection: record.connection, recorded: record.credential)
    }

    /// The consequences at companion platforms of `plan`'s creations, and the findings about their accounts (DESIGN.md
    /// section 5.1: a shared setting the work changes, an account setting the resource's platform does not support),
    /// read from the companion platforms: at a refreshing plan and before an apply.
    /// - Throws: `PlatformError` when a companion platform cannot be asked (a subject missing from its account).
    public func findings(for plan: Plan, state: StateSnapshot) async throws -> [Finding] {
        var findings: [Finding] = []
        var accounts = Set<String>()
        for c in plan.changes where c.action == .create || c.action == .replace {
            guard let r = c.desired,
                let w = try work(
                    r.address, cls: r.resourceClass, connection: r.platform, attributes: r.attributes, state: state),
                w.active,
                let platform = try platform(
                    w.rule.platformType, account: w.step.account, through: w.through, credential: w.rule.credentialField,
                    connection: r.platform)
            else { continue }
            do {
                findings += try await platform.inspect(w.step).findings
            } catch let e as PlatformError where e.code == "companion.not-found" {
                continue  // the change itself fails with this error, naming the account
            }
            if accounts.insert(w.step.account).inserted {
                findings += try await platform.accountFindings(account: w.step.account, address: w.through)
            }
        }
        return findings
    }

    /// `plan` with `findings` added under the changes they name (plan-wide otherwise) and its checksum made again.
    public static func merging(_ findings: [Finding], into plan: Plan) -> Plan {
        guard !findings.isEmpty else { return plan }
        var p = plan
        for f in findings where !p.findings.contains(f) {
            p.findings.append(f)
            if let i = p.changes.firstIndex(where: { $0.address == f.address }) { p.changes[i].findings.append(f) }
        }
        p.checksum = PlanChecksum.compute(p)
        return p
    }
}

/// The companion platforms a `Companions` resolved, by what resolved them (the platform type, the account, the
/// connection and the credential's reference: never its value).
final class CompanionPlatforms: @unchecked Sendable {
    struct Key: Hashable {
        var type: PlatformType
        var account: String
        var connection: String
        var credential: SecretRef?
    }

    // Safe to share across tasks: `platforms` is only touched under `lock`, and what it holds is Sendable.
    private let lock = NSLock()
    private var platforms: [Key: (any CompanionPlatform)?] = [:]

    /// What `key` resolved to (`.some(nil)`: no companion work), nil when it was not resolved yet.
    func known(_ key: Key) -> (any CompanionPlatform)?? { lock.withLock { platforms[key] } }

    /// Records what `key` resolved to.
    func remember(_ key: Key, _ platform: (any CompanionPlatform)?) {
        lock.withLock { platforms[key] = .some(platform) }
    }
}
