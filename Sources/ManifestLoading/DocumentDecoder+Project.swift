import SwitchboardModel

extension DocumentDecoder {
    /// Platform settings that must be secret references, never plain strings.
    static let secretOnlyKeys: Set<String> = ["clientSecret", "authToken", "apiSecret"]
    static let platformSettingKeys = [
        "clientId", "clientSecret", "accountSid", "authToken", "apiKey", "apiSecret", "tenantId", "organizationUrl",
        "rateLimitPerMinute",
    ]

    /// Project: state backend and named platform connections.
    mutating func decodeProject(_ node: YNode, name: String, location: SourceLocation) -> Project? {
        guard let f = mapping(node, path: "spec", known: ["state", "platforms"], what: "Project spec") else {
            return nil
        }
        var state = StateBackendConfig.local(path: Project.defaultStatePath)
        if let s = f["state"], let decoded = self.state(s, path: f.child("state")) { state = decoded }
        var platforms = Project.defaultPlatforms
        if let p = f["platforms"] { platforms = self.platforms(p, path: f.child("platforms")) }
        return Project(name: name, state: state, platforms: platforms, location: location)
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

    private mutating func platforms(_ node: YNode, path: String) -> [String: PlatformConnection] {
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
            let p = path + "." + name
            guard let f = mapping(value, path: p, known: ["type", "endpoint"] + Self.platformSettingKeys,
                                  what: "a platform connection") else { continue }
            guard let type = enumValue(f, "type", allowed: PlatformType.allCases.map(\.rawValue), required: true)
                .flatMap(PlatformType.init(rawValue:)) else { continue }
            var endpoint = "sandbox"
            if let e = f["endpoint"], let text = string(e, path: f.child("endpoint")) {
                endpoint = text
                let isURL = text.hasPrefix("https://") || text.hasPrefix("http://")
                // `live`: the vendor's own hosts (Genesys Cloud names a region instead).
                if text != "sandbox" && !isURL && !(text == "live" && type != .genesysCloud) {
                    if type == .genesysCloud {
                        if GenesysRegion.domains[text] == nil {
                            report(
                                .unknownRegion(text, quoted: shown(e, text), asEndpoint: true),
                                at: e.location, path: f.child("endpoint"))
                        }
                    } else {
                        report(.invalidEndpoint(shown(e, text), type: type), at: e.location, path: f.child("endpoint"))
                    }
                }
            }
            var connection = PlatformConnection(name: name, type: type, endpoint: endpoint, location: key.location)
            for k in Self.platformSettingKeys {
                guard let v = f[k] else { continue }
                if v.kind == .mapping {
                    if let ref = secret(v, path: f.child(k)) { connection.credentials[k] = ref }
                } else if Self.secretOnlyKeys.contains(k) {
                    // A password written into the manifest would end up in git, plans and the model.
                    report(.plainPlatformSecret(k), at: v.location, path: f.child(k))
                } else if let s = text(v, path: f.child(k)) {
                    connection.settings[k] = s
                }
            }
            out[name] = connection
        }
        return out
    }
}
