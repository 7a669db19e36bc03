import Foundation
import SwitchboardModel

/// One object a platform connection holds, as `switchboard export` found it.
public struct ExportedObject: Hashable, Sendable {
    /// The manifest kind the object is.
    public var kind: Kind
    /// The connection it was listed from (a key of the Project's platforms).
    public var connection: String
    /// The object as listed: attributes in the shape of `Resource.attributes`, its name and natural key.
    public var remote: RemoteObject
    /// The name the platform knows it by (the resource's name where Switchboard made it), when it keeps one.
    public var name: String?

    /// An object of `kind` listed from `connection`.
    public init(kind: Kind, connection: String, remote: RemoteObject, name: String? = nil) {
        self.kind = kind
        self.connection = connection
        self.remote = remote
        self.name = name
    }
}

/// Writes the manifests of what platform connections hold (DESIGN.md section 5, `switchboard export`): one file per
/// kind, documents sorted by name, a comment over each saying where it came from; secrets as `{secretEnv: NAME}` with
/// generated names; a Project naming the connections. Pure: objects in, file texts out.
///
/// Names are made valid manifest names (lowercase letters, digits and hyphens, at most 63 characters, unique per
/// kind), and every reference between exported objects follows its target's new name.
public struct ManifestExport: Sendable {
    /// The connections exported, as the source Project names them (their credentials stay the references they are).
    public var connections: [PlatformConnection]
    public var objects: [ExportedObject]
    /// The Project's name.
    public var projectName: String

    /// An export of `objects` listed from `connections`.
    public init(connections: [PlatformConnection], objects: [ExportedObject], projectName: String = "exported") {
        self.connections = connections.sorted { $0.name < $1.name }
        self.objects = objects
        self.projectName = projectName
    }

    /// One file an export writes.
    public struct File: Hashable, Sendable {
        /// The file's name (`integrations.yaml`).
        public var name: String
        public var text: String
    }

    /// What an export writes.
    public struct Output: Hashable, Sendable {
        /// `project.yaml` first, then one file per kind that has objects.
        public var files: [File]
        /// The generated secret variables, sorted: each must be set (or the field edited) before plan and apply.
        public var secretVariables: [String]
    }

    /// The files of a kind, by kind.
    public static let fileNames: [Kind: String] = [
        .contentProfile: "content-profiles.yaml", .integration: "integrations.yaml", .number: "numbers.yaml",
        .template: "templates.yaml", .workstream: "workstreams.yaml",
    ]

    /// Renders the manifests.
    public func render() -> Output {
        let names = manifestNames()
        let renames = self.renames(names)
        var secrets: [String] = []
        var files = [File(name: "project.yaml", text: projectDocument())]
        for kind in Kind.allCases where kind != .project {
            let ofKind = objects.filter { $0.kind == kind }
                .map { (name: names[Key($0)] ?? "", object: $0) }
                .sorted { $0.name < $1.name }
            guard !ofKind.isEmpty, let file = Self.fileNames[kind] else { continue }
            var text = "# \(kind.rawValue) objects exported by 'switchboard export', one document each, sorted by name.\n"
            for (name, object) in ofKind {
                var spec = specFields(object, renames: renames)
                secrets += addSecrets(&spec, object, name: name)
                let placeholders = Self.addPlaceholders(&spec, kind: kind)
                text += "---\n"
                    + document(kind: kind, name: name, object: object, spec: spec, placeholders: placeholders)
            }
            files.append(File(name: file, text: text))
        }
        return Output(files: files, secretVariables: secrets.sorted())
    }

    // MARK: - Names

    struct Key: Hashable {
        var kind: Kind
        var connection: String
        var remoteId: String

        init(_ o: ExportedObject) {
            kind = o.kind
            connection = o.connection
            remoteId = o.remote.remoteId
        }
    }

    /// A valid, unique manifest name for every object: its platform name (else its natural key, else its id) in
    /// lowercase letters, digits and hyphens; a second object with the same name gets `-2`, then `-3`.
    func manifestNames() -> [Key: String] {
        var out: [Key: String] = [:]
        var taken: [Kind: Set<String>] = [:]
        let ordered = objects.sorted {
            ($0.kind.rawValue, $0.connection, $0.remote.remoteId) < ($1.kind.rawValue, $1.connection, $1.remote.remoteId)
        }
        for o in ordered {
            let base = Self.manifestName(o.name ?? o.remote.naturalKey ?? o.remote.remoteId, kind: o.kind)
            var name = base
            var n = 2
            while taken[o.kind, default: []].contains(name) {
                let suffix = "-\(n)"
                name = String(base.prefix(63 - suffix.count)).trimmingCharacters(in: ["-"]) + suffix
                n += 1
            }
            taken[o.kind, default: []].insert(name)
            out[Key(o)] = name
        }
        return out
    }

    /// `text` as a manifest name: lowercase, every run of other characters one hyphen, trimmed, at most 63 characters;
    /// the kind's name when nothing is left.
    static func manifestName(_ text: String, kind: Kind) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty && !out.hasSuffix("-") {
                out += "-"
            }
        }
        out = String(out.prefix(63))
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? kind.rawValue.lowercased() : out
    }

    // MARK: - Spec

    /// The fields that name other resources, by kind: the field and the kind it names.
    static let references: [Kind: [(field: Field, kind: Kind)]] = [
        .contentProfile: [(.extends, .contentProfile)],
        .integration: [(.contentProfile, .contentProfile)],
        .number: [(.integration, .integration), (.contentProfile, .contentProfile)],
        .workstream: [(.numbers, .number), (.templates, .template)],
    ]

    /// The object's attributes as spec fields: `null` ones (what the platform lacks) left out, references renamed to
    /// their targets' manifest names, `platform` naming the connection.
    func specFields(_ o: ExportedObject, renames: [Kind: [String: String]]) -> [String: Value] {
        var spec = o.remote.attributes.filter { $0.value != .null }
        spec[Field.platform.path] = .string(o.connection)
        for (field, target) in Self.references[o.kind] ?? [] {
            guard let value = spec[field.path] else { continue }
            spec[field.path] = Self.rename(value, renames[target] ?? [:])
        }
        // The onboarding form is what the manifest's fields say, not a field of its own.
        if case .object(var onboarding)? = spec[Field.onboarding.path] {
            onboarding[Field.form.path] = nil
            spec[Field.onboarding.path] = .object(onboarding)
        }
        return spec
    }

    /// Per kind, each object's platform name -> its manifest name (the first object of a name wins).
    func renames(_ names: [Key: String]) -> [Kind: [String: String]] {
        var out: [Kind: [String: String]] = [:]
        for o in objects {
            guard let name = names[Key(o)] else { continue }
            let platformName = o.name ?? o.remote.naturalKey ?? o.remote.remoteId
            if out[o.kind]?[platformName] == nil { out[o.kind, default: [:]][platformName] = name }
        }
        return out
    }

    /// A reference (or list of them) by platform names, renamed to manifest names (`renames`).
    static func rename(_ value: Value, _ renames: [String: String]) -> Value {
        switch value {
        case .string(let s): .string(renames[s] ?? s)
        case .list(let l): .list(l.map { rename($0, renames) })
        default: value
        }
    }

    /// Puts a `{secretEnv: NAME}` reference in every secret field of the object's class (values are never listed),
    /// and returns the names generated: `<NAME>_<FIELD>` in capitals (`BYO_TWILIO_SMS_AUTH_TOKEN`).
    func addSecrets(_ spec: inout [String: Value], _ o: ExportedObject, name: String) -> [String] {
        guard o.kind == .integration, let type = spec[Field.type.path]?.stringValue.flatMap(IntegrationType.init)
        else { return [] }
        func variable(_ field: Field) -> String { Self.variable(name) + "_" + Self.variable(field.path) }
        func reference(_ field: Field) -> Value { .object(["secretEnv": .string(variable(field))]) }
        switch type {
        case .twilioSMS, .twilioWhatsApp:
            spec[Field.authToken.path] = reference(.authToken)
            return [variable(.authToken)]
        case .whatsapp:
            var onboarding = spec[Field.onboarding.path]?.objectValue ?? [:]
            if onboarding[Field.certificateIssued.path] != nil || onboarding[Field.verification.path] != nil {
                onboarding[Field.certificate.path] = reference(.certificate)
                spec[Field.onboarding.path] = .object(onboarding)
                return [variable(.certificate)]
            }
            onboarding[Field.embeddedSignupToken.path] = reference(.embeddedSignupToken)
            onboarding[Field.pin.path] = reference(.pin)
            spec[Field.onboarding.path] = .object(onboarding)
            return [variable(.embeddedSignupToken), variable(.pin)]
        case .agentlessEmail:
            return []
        }
    }

    /// Fills the fields a manifest needs that the platform does not keep, so the export validates, and returns their
    /// names: an agentless-email domain's sender (`fromAddress`, `displayName`, `rateLimitPerMinute`, `enabled` go
    /// with each send on Genesys Cloud), a WhatsApp template's `category` and `defaultLanguage`. A refreshed plan
    /// compares only what the platform reports, so a placeholder changes nothing there; the comment asks for a check.
    static func addPlaceholders(_ spec: inout [String: Value], kind: Kind) -> [String] {
        var defaults: [Field: Value] = [:]
        if kind == .integration, spec[Field.type.path] == .string(IntegrationType.agentlessEmail.rawValue) {
            defaults = [
                .fromAddress: "noreply", .displayName: spec[Field.domain.path] ?? "", .rateLimitPerMinute: 600,
                .enabled: true,
            ]
        } else if kind == .template, spec[Field.channel.path] == .string(TemplateChannel.whatsapp.rawValue) {
            let first = spec[Field.localizations.path]?.objectValue?.keys.sorted().first
            defaults = [.category: .string(TemplateCategory.utility.rawValue), .defaultLanguage: first.map(Value.string) ?? .null]
        }
        var filled: [String] = []
        for (field, value) in defaults where spec[field.path] == nil && value != .null {
            spec[field.path] = value
            filled.append(field.path)
        }
        return filled
    }

    /// `byo-twilio` -> `BYO_TWILIO`, `authToken` -> `AUTH_TOKEN`.
    static func variable(_ text: String) -> String {
        var out = ""
        for ch in text {
            if ch.isUppercase && !out.isEmpty && out.last != "_" { out += "_" }
            out += ch.isLetter || ch.isNumber ? String(ch).uppercased() : "_"
        }
        return out
    }
}
