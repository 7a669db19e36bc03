/// The resources a rule is about: a kind, and for an integration its type.
public struct ResourceClass: Hashable, Sendable, CustomStringConvertible {
    public var kind: Kind
    /// The integration type; nil for every other kind.
    public var integrationType: IntegrationType?

    /// Creates a class.
    public init(_ kind: Kind, _ integrationType: IntegrationType? = nil) {
        self.kind = kind
        self.integrationType = integrationType
    }

    /// The integrations of `type`.
    public static func integration(_ type: IntegrationType) -> ResourceClass { ResourceClass(.integration, type) }

    public var description: String { kind.rawValue + (integrationType.map { "(\($0.rawValue))" } ?? "") }
}

extension Resource {
    /// The class the platform's rules know this resource by.
    public var resourceClass: ResourceClass { ResourceClass(kind, integrationType) }
}

extension ResourceState {
    /// The class the platform's rules know this resource by (an integration's type as state recorded it).
    public var resourceClass: ResourceClass {
        guard kind == .integration else { return ResourceClass(kind) }
        return ResourceClass(kind, attributes[.type]?.stringValue.flatMap(IntegrationType.init(rawValue:)))
    }
}

/// What the planner and the policy must know of one platform: per class of resource, which fields force a
/// replacement, the natural key, how activation works, ordering constraints and the findings a change raises.
///
/// A platform's descriptor carries its rules; the workspace hands every platform's rules to the planner
/// (`PlanInput.rules`), so the planner itself names no platform, field or status of its own.
public struct PlatformRules: Sendable {
    /// Rules by class; a class the platform does not hold has none (nothing forces replacement).
    public var resources: [ResourceClass: ResourceRules]

    /// Creates rules.
    public init(_ resources: [ResourceClass: ResourceRules] = [:]) { self.resources = resources }

    /// The rules of `resourceClass`, if the platform has any.
    public subscript(_ resourceClass: ResourceClass) -> ResourceRules? { resources[resourceClass] }
}

/// The rules of one class of resource on one platform.
public struct ResourceRules: Sendable {
    /// Fields a change of which cannot be made in place (the object is deleted and created again): top-level
    /// fields (covering their members), or dotted paths.
    public var replacing: FieldSelection
    /// Secret paths that may change in place while the object is not active yet (a PIN used only to activate).
    public var mutableUntilActive: Set<Field>
    /// Fields (top-level, covering their members, or dotted paths) that serve only until the object is active
    /// (onboarding data): before that a change is used by the next activation attempt (an update, unless
    /// `replacing` selects it); once it is active a change has no effect: the planner leaves it out of the change
    /// and the plan shows a note instead (`Planner.settledChangeNotes`).
    public var usedUntilActive: Set<Field>
    /// Fields whose value the platform knows the object by (phone number, short code, account SID, domain), the
    /// first one present wins; the name otherwise. The natural key is what stays when a resource is renamed: a
    /// desired resource without state whose key matches a state entry no desired resource claims (same connection,
    /// same class) is that object under a new address, a `move`. A class whose key is its name (none listed here)
    /// cannot be moved: renaming it deletes the object and creates another.
    public var naturalKey: [Field]
    /// How the object becomes active, for classes the platform activates separately from creating them.
    public var activation: Activation?
    /// Changes of this class whose value of this field is the same run one at a time (a platform that takes one
    /// import at a time per integration).
    public var serializedBy: Field?
    /// The resource this one lives through: when it is replaced, this one is replaced too.
    public var replacedWith: Reference?
    /// The resource that lists this one (a resource of `kind` naming it in `field`) where the platform keeps that
    /// link on this object, which needs the lister to exist first: this one's creates and updates run after the
    /// lister's change (the reverse of the reference's order), and its requests carry the lister as a reference.
    public var listedBy: Reference?
    /// What a change of this class must show before it is applied, in the order they are listed.
    public var findings: [FindingRule]
    /// Work a platform of another type does for objects of this class (a number's webhook at its carrier).
    public var companion: CompanionRule?

    /// Creates the rules of one class.
    public init(
        replacing: FieldSelection = .none, mutableUntilActive: Set<Field> = [], usedUntilActive: Set<Field> = [],
        naturalKey: [Field] = [], activation: Activation? = nil, serializedBy: Field? = nil,
        replacedWith: Reference? = nil, listedBy: Reference? = nil, findings: [FindingRule] = [],
        companion: CompanionRule? = nil
    ) {
        self.replacing = replacing
        self.mutableUntilActive = mutableUntilActive
        self.usedUntilActive = usedUntilActive
        self.naturalKey = naturalKey
        self.activation = activation
        self.serializedBy = serializedBy
        self.replacedWith = replacedWith
        self.listedBy = listedBy
        self.findings = findings
        self.companion = companion
    }

    /// True when a change of the attribute or secret at `path` cannot be made in place. `active` is false for an
    /// object that has not been activated yet.
    public func forcesReplacement(_ path: String, active: Bool = true) -> Bool {
        let field = Field(path)
        if !active && mutableUntilActive.contains(field) { return false }
        return replacing.contains(field)
    }

    /// True when the attribute or secret at `path` serves only until the object is active (`usedUntilActive`).
    public func isUsedUntilActive(_ path: String) -> Bool {
        let field = Field(path)
        return usedUntilActive.contains(field) || usedUntilActive.contains(field.top)
    }

    /// The natural key of an object with `attributes` and `name`.
    public func naturalKey(_ attributes: [String: Value], name: String) -> String {
        naturalKeyValue(attributes) ?? name
    }

    /// The natural key of an object with `attributes` from the listed fields only: nil when none is present or the
    /// class lists none (its key is its name, which a rename changes).
    public func naturalKeyValue(_ attributes: [String: Value]) -> String? {
        for field in naturalKey {
            if let key = attributes[field]?.stringValue { return key }
        }
        return nil
    }

    /// Activation of an object separate from its creation.
    public struct Activation: Sendable {
        /// The attribute that asks for the object to be active (`enabled`).
        public var field: Field
        /// When the attribute at this path has this value, activation waits for something the apply cannot give
        /// (a verification code): the object stays inactive after the apply.
        public var deferredWhen: (field: Field, value: Value)?
        /// Statuses from which activation cannot go on: the platform's advice is to delete the object and start
        /// again, so activating it is a replacement (a failed or stuck WhatsApp activation).
        public var restartFrom: Set<ResourceStatus>

        /// Creates an activation rule.
        public init(
            field: Field, deferredWhen: (field: Field, value: Value)? = nil, restartFrom: Set<ResourceStatus> = []
        ) {
            self.field = field
            self.deferredWhen = deferredWhen
            self.restartFrom = restartFrom
        }

        /// True when `attributes` ask for activation now.
        public func wanted(_ attributes: [String: Value]) -> Bool { attributes[field]?.boolValue ?? false }

        /// True when activating an object with `attributes` waits for more than the apply.
        public func isDeferred(_ attributes: [String: Value]) -> Bool {
            deferredWhen.map { attributes.value(at: $0.field) == $0.value } ?? false
        }
    }

    /// Another resource named by a field of this one.
    public struct Reference: Hashable, Sendable {
        /// The kind of the resource named.
        public var kind: Kind
        /// The field holding its name.
        public var field: Field

        /// Creates a reference.
        public init(_ kind: Kind, through field: Field) {
            self.kind = kind
            self.field = field
        }
    }
}

/// A set of fields, given by what it holds or by what it leaves out. A top-level field stands for its members too
/// (`onboarding` selects `onboarding.form`); a dotted path stands for itself.
public enum FieldSelection: Hashable, Sendable {
    /// These fields.
    case only(Set<Field>)
    /// Every field but these.
    case allExcept(Set<Field>)

    /// No field.
    public static let none = FieldSelection.only([])

    /// True when `field` (or the top-level field it lies in) is selected.
    public func contains(_ field: Field) -> Bool {
        switch self {
        case .only(let fields): fields.contains(field) || fields.contains(field.top)
        case .allExcept(let fields): !fields.contains(field) && !fields.contains(field.top)
        }
    }
}
