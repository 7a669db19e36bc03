import SwitchboardModel

/// Why one resource names another; decides which set rules apply to the reference.
enum RefRole: Sendable {
    case numberIntegration, contentProfile, extends, workstreamNumber, workstreamTemplate
}

/// A reference written in a spec, with where it was written.
struct RefSite: Sendable {
    var kind: Kind
    var name: String
    var location: SourceLocation
    var path: String
    var role: RefRole
}

/// One resource document after decoding: the typed spec (nil when the spec had errors) and the facts the set
/// rules need, which are kept even when the spec is incomplete so one mistake does not cascade. A class so the
/// set rules pass it around with one retain instead of copying every field; it never leaves one load.
final class DecodedResource {
    let address: Address
    let location: SourceLocation
    let nameLocation: SourceLocation
    let specLocation: SourceLocation
    let labels: [String: String]
    let protect: Bool
    var platform: String?
    var platformLocation: SourceLocation?
    var spec: ResourceSpec?
    var refs: [RefSite] = []
    var integrationType: IntegrationType?
    var numberType: NumberType?
    var numberTypeLocation: SourceLocation?
    var templateChannel: TemplateChannel?
    var workstreamChannel: Channel?
    /// The phone number or short code the resource holds (a WhatsApp integration's, a Number's), where it is
    /// written: the set rules find one used twice.
    var sender: (value: String, location: SourceLocation, path: String)?
    /// `spec.enabled` where it is `false` (the set rules refuse Numbers on a disabled twilio-sms integration).
    var disabledAt: SourceLocation?

    init(
        address: Address, location: SourceLocation, nameLocation: SourceLocation, specLocation: SourceLocation,
        labels: [String: String], protect: Bool
    ) {
        self.address = address
        self.location = location
        self.nameLocation = nameLocation
        self.specLocation = specLocation
        self.labels = labels
        self.protect = protect
    }
}

/// A decoded Project document.
struct DecodedProject: Sendable {
    var name: String
    var nameLocation: SourceLocation
    /// Nil when the Project had errors.
    var project: Project?
}

/// The outcome of decoding one YAML document.
enum DecodedDocument {
    case empty
    case invalid
    case project(DecodedProject)
    case resource(DecodedResource)
}

/// A mapping's fields by key, after unknown keys were reported.
struct Fields {
    let node: YNode
    let path: String
    /// Known keys in document order; a mapping has few keys, so a linear scan beats hashing.
    var values: [(key: String, value: YNode)] = []

    subscript(key: String) -> YNode? {
        for v in values where v.key == key { return v.value }
        return nil
    }

    /// The path of a field of this mapping.
    func child(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
}

/// Turns YAML documents of one file into decoded documents, collecting diagnostics.
struct DocumentDecoder {
    static let apiVersion = "switchboard/v1"

    /// The platforms a Project may name.
    let platforms: PlatformCatalog
    let environment: [String: String]
    /// Today as a day number (days since 1970-01-01), for certificate expiry.
    let today: Int?
    /// The directory of the file being decoded, for `secretFile` paths.
    let fileDirectory: String
    /// The file's bytes, to place `${env:...}` errors on the exact column.
    let source: [UInt8]
    /// False where no secret value is needed (`validate`, `graph`, `state list/show`): an unset secret variable or
    /// a missing secret file is then a warning, not an error.
    var secretsRequired = true
    /// The line index of `source`, built the first time a column is placed.
    var lines: LineIndex?
    var diagnostics: [Diagnostic] = []
    /// Documents that are not Project (valid or not).
    var resourceCount = 0

    init(
        platforms: PlatformCatalog, environment: [String: String], today: Int?, fileDirectory: String,
        source: [UInt8]
    ) {
        self.platforms = platforms
        self.environment = environment
        self.today = today
        self.fileDirectory = fileDirectory
        self.source = source
    }

    /// Records `diagnostic` (from `Diagnostics.swift`) at `location`, on the field `path`.
    mutating func report(_ diagnostic: Diagnostic, at location: SourceLocation, path: String?) {
        diagnostics.append(diagnostic.placed(at: location, path: path))
    }

    /// The last component of a field path (`spec.compliance.help` -> `help`).
    static func fieldName(_ path: String) -> String {
        path.split(separator: ".").last.map(String.init) ?? path
    }

    // MARK: - Envelope

    /// Decodes one document: envelope, metadata and the kind's spec.
    mutating func decode(_ doc: YAMLDocument) -> DecodedDocument {
        let root = doc.root
        if root.isNull { return .empty }
        guard root.kind == .mapping else {
            resourceCount += 1
            report(
                .documentNotMapping(found: root.typeDescription, apiVersion: Self.apiVersion),
                at: root.location, path: nil)
            return .invalid
        }
        let top = fields(root, path: "", known: ["apiVersion", "kind", "metadata", "spec"], what: "document")
        guard let kind = envelope(top) else { return .invalid }
        let metadata = self.metadata(top)
        guard let specNode = top["spec"] else {
            if kind == .project, let name = metadata.name {
                return .project(DecodedProject(name: name, nameLocation: metadata.nameLocation,
                                               project: Project(
                                                   name: name, platforms: platforms.implicitPlatforms,
                                                   location: root.location)))
            }
            report(.missingField("spec"), at: root.location, path: "spec")
            return .invalid
        }
        if kind == .project {
            let before = diagnostics.count
            let project = decodeProject(specNode, name: metadata.name ?? "", location: root.location)
            guard let name = metadata.name else { return .invalid }
            return .project(DecodedProject(
                name: name, nameLocation: metadata.nameLocation, project: noErrors(since: before) ? project : nil))
        }
        guard let name = metadata.name else { return .invalid }
        let r = DecodedResource(
            address: Address(kind, name), location: root.location, nameLocation: metadata.nameLocation,
            specLocation: specNode.location, labels: metadata.labels, protect: metadata.protect)
        decodeSpec(specNode, kind: kind, into: r)
        return .resource(r)
    }

    /// Checks `apiVersion` and `kind`; the kind, or nil when it is missing or unknown. Counts every document but a
    /// Project as a resource, valid or not.
    private mutating func envelope(_ top: Fields) -> Kind? {
        let root = top.node
        let kindText: String?
        if let k = top["kind"] {
            kindText = string(k, path: "kind")
        } else {
            kindText = nil
            report(.missingKind, at: root.location, path: "kind")
        }
        if kindText != Kind.project.rawValue { resourceCount += 1 }

        if let v = top["apiVersion"] {
            if let text = string(v, path: "apiVersion"), text != Self.apiVersion {
                report(
                    .unknownAPIVersion(shown(v, text), expected: Self.apiVersion),
                    at: v.location, path: "apiVersion")
            }
        } else {
            report(.missingAPIVersion(Self.apiVersion), at: root.location, path: "apiVersion")
        }

        guard let kindText, let kindNode = top["kind"] else { return nil }
        guard let kind = Kind(rawValue: kindText) else {
            report(.unknownKind(kindText), at: kindNode.location, path: "kind")
            return nil
        }
        return kind
    }

    /// `metadata`: the name (nil when missing or invalid, reported), labels and protection.
    private mutating func metadata(_ top: Fields) -> (
        name: String?, nameLocation: SourceLocation, labels: [String: String], protect: Bool
    ) {
        let root = top.node
        var name: String?
        var nameLocation = root.location
        var labels: [String: String] = [:]
        var protect = false
        guard let m = top["metadata"] else {
            report(.missingName(inMetadata: false), at: root.location, path: "metadata.name")
            return (name, nameLocation, labels, protect)
        }
        if let meta = mapping(m, path: "metadata", known: ["name", "labels", "protect"], what: "metadata") {
            if let n = meta["name"] {
                nameLocation = n.location
                name = text(n, path: "metadata.name")
                if let s = name, !Self.isValidName(s) {
                    report(.invalidName(shown(n, s)), at: n.location, path: "metadata.name")
                }
            } else {
                report(.missingName(inMetadata: true), at: m.location, path: "metadata.name")
            }
            if let l = meta["labels"] { labels = self.labels(l, path: "metadata.labels") }
            if let p = meta["protect"] { protect = bool(p, path: "metadata.protect") ?? false }
        }
        return (name, nameLocation, labels, protect)
    }

    /// Decodes a resource's spec by its kind; `r.spec` stays nil when the spec had errors.
    private mutating func decodeSpec(_ specNode: YNode, kind: Kind, into r: DecodedResource) {
        guard specNode.kind == .mapping else {
            typeError(specNode, path: "spec", expected: "a mapping")
            return
        }
        let before = diagnostics.count
        let spec: ResourceSpec?
        switch kind {
        case .contentProfile: spec = decodeContentProfile(specNode, into: r)
        case .integration: spec = decodeIntegration(specNode, into: r)
        case .number: spec = decodeNumber(specNode, into: r)
        case .template: spec = decodeTemplate(specNode, into: r)
        case .workstream: spec = decodeWorkstream(specNode, into: r)
        case .project: spec = nil
        }
        r.spec = noErrors(since: before) ? spec : nil
    }

    /// True when no error was reported after the first `count` diagnostics (warnings leave a document valid).
    func noErrors(since count: Int) -> Bool {
        !diagnostics[count...].contains { $0.severity == .error }
    }

    /// `[a-z0-9]([a-z0-9-]*[a-z0-9])?`, at most 63 characters.
    static func isValidName(_ s: String) -> Bool {
        let b = s.utf8
        guard let first = b.first, let last = b.last, b.count <= 63 else { return false }
        func alnum(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) }
        return alnum(first) && alnum(last) && b.allSatisfy { alnum($0) || $0 == 0x2D }
    }

    /// Reads `spec.platform` into the decoded resource.
    mutating func readPlatform(_ f: Fields, into r: DecodedResource) {
        guard let p = f["platform"] else { return }
        r.platform = string(p, path: f.child("platform"))
        r.platformLocation = p.location
    }

    /// Adds a reference to `r` when `node` is a string.
    mutating func ref(
        _ node: YNode?, kind: Kind, role: RefRole, path: String, into r: DecodedResource
    ) -> String? {
        guard let node, let name = string(node, path: path) else { return nil }
        r.refs.append(RefSite(kind: kind, name: name, location: node.location, path: path, role: role))
        return name
    }

    /// Adds references for each string of a list.
    mutating func refList(
        _ node: YNode?, kind: Kind, role: RefRole, path: String, into r: DecodedResource
    ) -> [String] {
        guard let node else { return [] }
        guard node.kind == .sequence else {
            typeError(node, path: path, expected: "a list")
            return []
        }
        var names: [String] = []
        for (i, item) in node.items.enumerated() {
            if let n = ref(item, kind: kind, role: role, path: "\(path)[\(i)]", into: r) { names.append(n) }
        }
        return names
    }
}
