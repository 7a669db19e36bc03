/// A policy finding a platform raises for changes of one class of resource (DESIGN.md section 5.1): when it is
/// raised, under which code and severity, and the sentence it says.
public struct FindingRule: Sendable {
    /// Stable code such as `billing.whatsapp-monthly`.
    public var code: String
    public var severity: FindingSeverity
    /// Which changes raise it.
    public var trigger: FindingTrigger
    /// Attribute values (dotted paths) the object must have besides: the desired resource's, or for a removal
    /// what state holds.
    public var conditions: [Field: Value]
    /// The sentence, for one change.
    public var message: @Sendable (FindingContext) -> String

    /// Creates a rule.
    public init(
        _ code: String, _ severity: FindingSeverity, on trigger: FindingTrigger, when conditions: [Field: Value] = [:],
        message: @escaping @Sendable (FindingContext) -> String
    ) {
        self.code = code
        self.severity = severity
        self.trigger = trigger
        self.conditions = conditions
        self.message = message
    }
}

/// Which changes raise a finding.
public enum FindingTrigger: Sendable {
    /// The object becomes active in this apply: created or replaced with its activation asked for, or activated by
    /// an update (the class must have an activation rule).
    case activation
    /// The object is deleted or replaced (judged by the class of what state holds).
    case removal
    /// The object is deleted or replaced, and state records that it has been active (`activatedAt`, or status
    /// `active`): never for one that was never active.
    case removalAfterActivation
    /// An update switches the boolean field off while the object is active.
    case deactivation(Field)
    /// The object is replaced because its activation failed or never finished (the class's activation rule
    /// `restartFrom`): the platform's advice is to delete it and start again.
    case restart
    /// The object is created or replaced.
    case creation
    /// The boolean field turns on: created or replaced with it on, or switched on by an update.
    case enabling(Field)
    /// An update switches the boolean field off.
    case disabling(Field)
    /// The object is created or replaced, or exists and is still not active after this apply, and the day in this
    /// field (`yyyy-MM-dd`) plus `lifetime` seconds falls less than `notice` seconds after the plan's instant (or has
    /// passed); `FindingContext.deadline` is that instant.
    case lapse(of: Field, lifetime: Double, notice: Double)
    /// The object will not be active after this apply (the class must have an activation rule), and the platform
    /// removes such objects `removedAfter` seconds after their creation; `FindingContext.deadline` is that instant.
    case inactivity(removedAfter: Double)

    /// True for the trigger judged against what state holds rather than the desired resource.
    public var isRemoval: Bool {
        switch self {
        case .removal, .removalAfterActivation: true
        default: false
        }
    }
}

/// What a finding's sentence may say about the change that raised it.
public struct FindingContext: Sendable {
    /// The change.
    public var change: PlannedChange
    /// The state the plan is made against.
    public var state: StateSnapshot
    /// For `lapse` and `inactivity`: the instant concerned, ISO 8601.
    public var deadline: String?

    /// Creates a context.
    public init(change: PlannedChange, state: StateSnapshot, deadline: String? = nil) {
        self.change = change
        self.state = state
        self.deadline = deadline
    }

    /// The resource's name.
    public var name: String { change.address.name }

    /// The text of `field` in the desired resource, else in what state holds.
    public func string(_ field: Field) -> String? {
        change.desired?.attributes.value(at: field)?.stringValue
            ?? change.prior?.attributes.value(at: field)?.stringValue
    }

    /// Resources in state of `kind` whose `field` names this resource.
    public func referrers(_ kind: Kind, through field: Field) -> [ResourceState] {
        let name = change.address.name
        var found: [ResourceState] = []
        for r in state.resources.values where r.kind == kind && r.attributes[field]?.stringValue == name {
            found.append(r)
        }
        return found
    }
}
