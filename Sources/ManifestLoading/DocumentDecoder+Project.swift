import SwitchboardModel

extension DocumentDecoder {
    /// Project: state backend and named platform connections.
    mutating func decodeProject(_ node: YNode, name: String, location: SourceLocation) -> Project? {
        guard let f = mapping(node, path: "spec", known: ["state", "platforms"], what: "Project spec") else {
            return nil
        }
        var state = StateBackendConfig.local(path: Project.defaultStatePath)
        if let s = f["state"], let decoded = self.state(s, path: f.child("state")) { state = decoded }
        var connections = platforms.implicitPlatforms
        if let p = f["platforms"] { connections = self.connections(p, path: f.child("platforms")) }
        return Project(name: name, state: state, platforms: connections, location: location)
    }

    private mutating func state(_ node: YNode, path: String) -> StateBackendConfig? {
        let backendNode = node.kind == .mapping ? node["backend"] : nil
        let backend = backendNode?.scalar ?? "local"
        let known = backend == "postgres" ? ["backend", "url", "workspace"] : ["backend", "path"]
        let elsewhere: [String: String] = backend == "postgres"
            ? ["path": "'path' is a setting of the local backend"]
            : ["url": "'url' is a setting of the postgres backend; set 'backend: postgres'",
               "workspace": "'workspace' is a setting of the postgres backend; set 'backend: postgres'"]
        guard let f = mapping(node, path: path, known: known, what: "state", elsewhere: elsewhere) else { return nil }
        let chosen = enumValue(f, "backend", allowed: ["local", "postgres"], required: false) ?? "local"
        if f["backend"] != nil && chosen != backend { return nil }
        if backend == "postgres" {
            let workspace = string(f, "workspace", required: false) ?? "default"
            guard let u = f["url"] else {
                missing(f, "url", hint: "url: {secretEnv: SWITCHBOARD_DATABASE_URL}")
                return nil
            }
            let url: SecretRef?
            if u.kind == .scalar, u.isString, let raw = u.scalar {
                // A whole `${env:NAME}` string is a secret reference; anything else would put a password in git.
                if raw.hasPrefix("${env:"), raw.hasSuffix("}"), raw.utf8.count > 7 {
                    let name = String(raw.dropFirst(6).dropLast())
                    if environment[name] == nil {
                        report(
                            secretsRequired ? .unsetVariable(name) : .unsetSecretVariable(name),
                            at: envLocation(u, scalarOffset: 0, needle: raw), path: f.child("url"))
                    }
                    url = SecretRef(.env(name), location: u.location)
                } else {
                    report(.plainDatabaseURL, at: u.location, path: f.child("url"))
                    url = nil
                }
            } else {
                url = secret(u, path: f.child("url"))
            }
            guard let url else { return nil }
            return .postgres(url: url, workspace: workspace)
        }
        return .local(path: string(f, "path", required: false) ?? Project.defaultStatePath)
    }

    private mutating func connections(_ node: YNode, path: String) -> [String: PlatformConnection] {
        guard node.kind == .mapping else {
            typeError(node, path: path, expected: "a mapping of platform names to connections")
            return [:]
        }
        var out: [String: PlatformConnection] = [:]
        for (key, value) in node.pairs {
            guard key.kind == .scalar, let name = key.scalar, Self.isValidName(name) else {
                report(.invalidPlatformName(key.scalar ?? ""), at: key.location, path: path)
                continue
            }
            if let connection = self.connection(name, value, at: key.location, path: path + "." + name) {
                out[name] = connection
            }
        }
        return out
    }

    /// One connection: its type's profile says which fields it takes, which are secrets and which named endpoints
    /// (regions) it knows.
    private mutating func connection(
        _ name: String, _ value: YNode, at location: SourceLocation, path p: String
    ) -> PlatformConnection? {
        let typeNode = value.kind == .mapping ? value["type"] : nil
        let profile = typeNode?.scalar.flatMap { platforms.profile(PlatformType($0)) }
        var fieldNames: [String] = []
        for field in profile.map({ [$0] })?.flatMap(\.connectionFields) ?? platforms.profiles.flatMap(\.connectionFields)
        where !fieldNames.contains(field.name) {
            fieldNames.append(field.name)
        }
        guard let f = mapping(value, path: p, known: ["type", "endpoint"] + fieldNames, what: "a platform connection"),
            enumValue(f, "type", allowed: platforms.typeNames, required: true) != nil, let profile
        else { return nil }
        var connection = PlatformConnection(name: name, type: profile.type, location: location)
        if let e = f["endpoint"], let text = string(e, path: f.child("endpoint")) {
            connection.endpoint = text
            checkEndpoint(text, of: profile, node: e, path: f.child("endpoint"))
        }
        for field in profile.connectionFields {
            guard let v = f[field.name] else { continue }
            if v.kind == .mapping {
                if let ref = secret(v, path: f.child(field.name)) { connection.credentials[field.name] = ref }
            } else if field.secretOnly {
                // A password written into the manifest would end up in git, plans and the model.
                report(.plainPlatformSecret(field.name), at: v.location, path: f.child(field.name))
            } else if let s = text(v, path: f.child(field.name)) {
                connection.settings[field.name] = s
            }
        }
        return connection
    }

    /// `sandbox`, an http(s) URL, one of the profile's regions or another name it gives its endpoints (`live`).
    private mutating func checkEndpoint(_ text: String, of profile: PlatformProfile, node e: YNode, path: String) {
        let isURL = text.hasPrefix("https://") || text.hasPrefix("http://")
        guard text != "sandbox", !isURL, !profile.regions.contains(text), !profile.namedEndpoints.contains(text)
        else { return }
        if profile.regions.isEmpty {
            report(
                .invalidEndpoint(shown(e, text), type: profile.type, names: profile.namedEndpoints),
                at: e.location, path: path)
        } else {
            report(
                .unknownRegion(text, quoted: shown(e, text), of: profile.displayName, among: profile.regions,
                               asEndpoint: true),
                at: e.location, path: path)
        }
    }
}
