import SwitchboardModel

/// The platforms' rules by connection name, resolved once per plan from the Project's connections.
struct RuleBook {
    private var byConnection: [String: (type: PlatformType, rules: PlatformRules)] = [:]

    /// The rules of every connection of `project`, from the rules of its platform type (none for a type
    /// `rules` does not hold).
    init(project: Project, rules: [PlatformType: PlatformRules]) {
        for (name, connection) in project.platforms {
            byConnection[name] = (connection.type, rules[connection.type] ?? PlatformRules())
        }
    }

    /// The rules of `resourceClass` on the connection named `platform`.
    func rules(_ platform: String, _ resourceClass: ResourceClass) -> ResourceRules? {
        byConnection[platform]?.rules[resourceClass]
    }

    /// The rules a change is judged by: those of its desired resource (of what state holds, for a delete), and
    /// those of what state holds, for the removal half of a replacement.
    func rules(for change: PlannedChange) -> ChangeRules {
        // Optional chaining reads the parts in place (a closure over the Optional would copy the whole resource).
        let desired = Self.part(change.desired?.platform, change.desired?.resourceClass)
        let prior = Self.part(change.prior?.platform, change.prior?.resourceClass)
        guard let subject = desired ?? prior else { return ChangeRules(subject: nil, removed: nil, sameRules: true) }
        let same =
            prior.map {
                $0.resourceClass == subject.resourceClass
                    && ($0.platform == subject.platform
                        || byConnection[$0.platform]?.type == byConnection[subject.platform]?.type)
            } ?? true
        return ChangeRules(
            subject: rules(subject.platform, subject.resourceClass),
            removed: same ? nil : prior.flatMap { rules($0.platform, $0.resourceClass) }, sameRules: same)
    }

    /// The one-at-a-time queue a change belongs to (its rules' `serializedBy`: number imports into one integration),
    /// from its desired resource, or what state holds for a delete.
    func queue(of change: PlannedChange) -> SerialKey? {
        if let r = change.desired {
            return PlanDraft.serialKey(rules(r.platform, r.resourceClass), r.kind, r.attributes)
        }
        guard let prior = change.prior else { return nil }
        return PlanDraft.serialKey(rules(prior.platform, prior.resourceClass), prior.kind, prior.attributes)
    }

    private static func part(
        _ platform: String?, _ resourceClass: ResourceClass?
    ) -> (platform: String, resourceClass: ResourceClass)? {
        guard let platform, let resourceClass else { return nil }
        return (platform, resourceClass)
    }
}

/// The rules one change is judged by.
struct ChangeRules {
    /// The rules of the desired resource, or of what state holds for a delete.
    var subject: ResourceRules?
    /// For a replacement that changes the class or the platform type: the rules of what state holds, whose
    /// removal findings apply.
    var removed: ResourceRules?
    /// True when what state holds is judged by `subject` too.
    var sameRules: Bool
}
