import SwitchboardModel

/// The rules that need the whole set: duplicates, references, default platforms and cycles.
///
/// Everything is keyed by dictionaries, so the work is linear in the number of resources and references.
struct SetValidator {
    var diagnostics: [Diagnostic] = []

    /// Validates the decoded documents (in load order) and returns the project and the resources that decoded
    /// completely.
    mutating func validate(projects: [DecodedProject], resources: [DecodedResource]) -> (Project?, [Resource]) {
        // Project: at most one.
        for p in projects.dropFirst() {
            guard let first = projects.first else { break }
            diagnostics.append(Diagnostic(
                code: "manifest.duplicate",
                message: "a second Project '\(p.name)'; a manifest set has at most one Project",
                hint: "merge it into Project '\(first.name)'", location: p.nameLocation, path: "metadata.name",
                notes: [Diagnostic(.note, code: "manifest.duplicate", message: "the first Project is here",
                                   location: first.nameLocation)]))
        }
        let project: Project? = projects.isEmpty ? Project.implicit : projects.first?.project

        // Index by address; duplicates at the second place.
        var index: [Address: Int] = [:]
        index.reserveCapacity(resources.count)
        for (i, r) in resources.enumerated() {
            if let first = index[r.address] {
                let f = resources[first]
                diagnostics.append(Diagnostic(
                    code: "manifest.duplicate",
                    message: "duplicate \(r.address.kind.rawValue) '\(r.address.name)'; names are unique per kind",
                    hint: "rename one of them", location: r.nameLocation, path: "metadata.name",
                    notes: [Diagnostic(.note, code: "manifest.duplicate",
                                       message: "the first \(r.address.kind.rawValue) '\(r.address.name)' is here",
                                       location: f.nameLocation)]))
            } else {
                index[r.address] = i
            }
        }

        checkReferences(resources, index: index)
        let platforms = project.map { resolvePlatforms(resources, index: index, project: $0) }
            ?? [String?](repeating: nil, count: resources.count)
        checkCycles(resources, index: index)

        // Address order is (kind name, name): sorting indices with that cheap comparison leaves ManifestSet's own
        // sort (which compares rendered addresses) a single sorted run, and moves no resources.
        let order = resources.indices.sorted { i, j in
            let a = resources[i].address
            let b = resources[j].address
            return a.kind == b.kind ? a.name < b.name : a.kind.rawValue < b.kind.rawValue
        }
        var built: [Resource] = []
        built.reserveCapacity(resources.count)
        for i in order {
            let r = resources[i]
            guard let spec = r.spec, let platform = platforms[i], index[r.address] == i else { continue }
            built.append(Resource(
                address: r.address, platform: platform, labels: r.labels, protect: r.protect, location: r.location,
                spec: spec))
        }
        return (project, built)
    }

    // MARK: - References

    private mutating func checkReferences(_ resources: [DecodedResource], index: [Address: Int]) {
        var namesByKind: [Kind: [String]]?
        for r in resources {
            for ref in r.refs {
                let target = Address(ref.kind, ref.name)
                guard let t = index[target] else {
                    if namesByKind == nil {
                        namesByKind = Dictionary(grouping: resources.map(\.address), by: \.kind)
                            .mapValues { $0.map(\.name).sorted() }
                    }
                    let hint = EditDistance.didYouMean(ref.name, among: namesByKind?[ref.kind] ?? [])
                    diagnostics.append(Diagnostic(
                        code: "ref.missing", message: "no \(ref.kind.rawValue) named '\(ref.name)'",
                        hint: hint, location: ref.location, path: ref.path))
                    continue
                }
                let other = resources[t]
                switch ref.role {
                case .numberIntegration:
                    guard let it = other.integrationType else { break }
                    switch it {
                    case .whatsapp, .agentlessEmail:
                        diagnostics.append(Diagnostic(
                            code: "ref.kind",
                            message: "integration '\(ref.name)' is of type \(it.rawValue); numbers are imported "
                                + "through twilio-sms or twilio-whatsapp integrations",
                            hint: "name a twilio-sms or twilio-whatsapp Integration", location: ref.location,
                            path: ref.path))
                    case .twilioSMS where r.numberType == .whatsapp:
                        diagnostics.append(Diagnostic(
                            code: "number.integration-type",
                            message: "a whatsapp number cannot be imported through twilio-sms integration "
                                + "'\(ref.name)'",
                            hint: "use a twilio-whatsapp integration, or a local, mobile, tollfree or shortcode type",
                            location: r.numberTypeLocation ?? ref.location, path: "spec.type"))
                    case .twilioWhatsApp where r.numberType != nil && r.numberType != .whatsapp:
                        diagnostics.append(Diagnostic(
                            code: "number.integration-type",
                            message: "a \(r.numberType?.rawValue ?? "") number cannot be imported through "
                                + "twilio-whatsapp integration '\(ref.name)'",
                            hint: "use 'type: whatsapp', or a twilio-sms integration",
                            location: r.numberTypeLocation ?? ref.location, path: "spec.type"))
                    default: break
                    }
                case .workstreamNumber:
                    guard let channel = r.workstreamChannel, let type = other.numberType else { break }
                    let numberChannel: Channel = type == .whatsapp ? .whatsapp : .sms
                    if numberChannel != channel {
                        diagnostics.append(Diagnostic(
                            code: "workstream.channel",
                            message: "number '\(ref.name)' is a \(type.rawValue) number, but this workstream "
                                + "routes \(channel.rawValue)",
                            hint: channel == .whatsapp ? "a whatsapp workstream takes numbers of type whatsapp" : nil,
                            location: ref.location, path: ref.path))
                    }
                case .workstreamTemplate:
                    guard let channel = r.workstreamChannel, let tc = other.templateChannel else { break }
                    if tc.rawValue != channel.rawValue {
                        diagnostics.append(Diagnostic(
                            code: "workstream.channel",
                            message: "template '\(ref.name)' is a \(tc.rawValue) template, but this workstream "
                                + "routes \(channel.rawValue)",
                            hint: "a \(channel.rawValue) workstream takes templates of channel \(channel.rawValue)",
                            location: ref.location, path: ref.path))
                    }
                case .contentProfile, .extends:
                    break
                }
            }
        }
    }

    // MARK: - Platforms

    /// The platform type a resource goes to by default; nil for numbers (their integration decides) and when
    /// the spec is too broken to tell.
    static func defaultPlatformType(_ r: DecodedResource) -> PlatformType? {
        switch r.address.kind {
        case .project, .number: return nil
        case .contentProfile: return .genesysCloud
        case .workstream: return .dynamics365
        case .integration:
            guard let t = r.integrationType else { return nil }
            return t == .twilioWhatsApp ? .dynamics365 : .genesysCloud
        case .template:
            guard let c = r.templateChannel else { return nil }
            return c == .whatsapp ? .dynamics365 : .genesysCloud
        }
    }

    /// Platform types a resource may be placed on explicitly besides its default: a WhatsApp template can live on
    /// Genesys Cloud (response management messaging templates) as well as on Dynamics 365.
    static func otherPlatformTypes(_ r: DecodedResource) -> [PlatformType] {
        r.address.kind == .template && r.templateChannel == .whatsapp ? [.genesysCloud] : []
    }

    private mutating func resolvePlatforms(
        _ resources: [DecodedResource], index: [Address: Int], project: Project
    ) -> [String?] {
        var result = [String?](repeating: nil, count: resources.count)
        var byType: [PlatformType: [String]] = [:]
        for (name, p) in project.platforms { byType[p.type, default: []].append(name) }
        for k in byType.keys { byType[k]?.sort() }
        let platformNames = project.platforms.keys.sorted()

        for (i, r) in resources.enumerated() where r.address.kind != .number {
            guard let type = Self.defaultPlatformType(r) else { continue }
            let what = describe(r)
            if let name = r.platform {
                let at = r.platformLocation ?? r.specLocation
                guard let p = project.platforms[name] else {
                    diagnostics.append(Diagnostic(
                        code: "ref.missing", message: "platform '\(name)' is not defined in Project '\(project.name)'",
                        hint: EditDistance.didYouMean(name, among: platformNames)
                            ?? "platforms: " + platformNames.joined(separator: ", "),
                        location: at, path: "spec.platform"))
                    continue
                }
                guard p.type == type || Self.otherPlatformTypes(r).contains(p.type) else {
                    diagnostics.append(Diagnostic(
                        code: "ref.kind",
                        message: "platform '\(name)' is \(p.type.rawValue), but \(what) goes to a \(type.rawValue) "
                            + "platform",
                        hint: byType[type].map { "\(type.rawValue) platforms: " + $0.joined(separator: ", ") },
                        location: at, path: "spec.platform"))
                    continue
                }
                result[i] = name
            } else {
                let candidates = byType[type] ?? []
                if candidates.count == 1 {
                    result[i] = candidates[0]
                } else if candidates.isEmpty {
                    diagnostics.append(Diagnostic(
                        code: "ref.missing",
                        message: "project '\(project.name)' has no \(type.rawValue) platform for \(what)",
                        hint: "add a platform of type \(type.rawValue) to the Project", location: r.specLocation,
                        path: "spec.platform"))
                } else {
                    diagnostics.append(Diagnostic(
                        code: "manifest.missing-field",
                        message: "missing required field 'platform': Project '\(project.name)' has several "
                            + "\(type.rawValue) platforms (\(candidates.joined(separator: ", ")))",
                        hint: "set spec.platform to one of " + candidates.joined(separator: ", "),
                        location: r.specLocation, path: "spec.platform"))
                }
            }
        }
        // A number goes where its integration is.
        for (i, r) in resources.enumerated() where r.address.kind == .number {
            guard let ref = r.refs.first(where: { $0.role == .numberIntegration }),
                  let t = index[Address(.integration, ref.name)], let platform = result[t] else { continue }
            if let name = r.platform, name != platform {
                diagnostics.append(Diagnostic(
                    code: "ref.kind",
                    message: "platform '\(name)' is not the platform of Integration '\(ref.name)' ('\(platform)'); "
                        + "a number goes where its integration is",
                    hint: "remove spec.platform", location: r.platformLocation ?? r.specLocation,
                    path: "spec.platform"))
                continue
            }
            result[i] = platform
        }
        return result
    }

    private func describe(_ r: DecodedResource) -> String {
        switch r.address.kind {
        case .integration: "an Integration of type \(r.integrationType?.rawValue ?? "?")"
        case .template: "a \(r.templateChannel?.rawValue ?? "?") Template"
        case .contentProfile: "a ContentProfile"
        case .workstream: "a Workstream"
        case .number: "a Number"
        case .project: "a Project"
        }
    }

    // MARK: - Cycles

    private mutating func checkCycles(_ resources: [DecodedResource], index: [Address: Int]) {
        // Edges: (target, the ref's index in refs) per resource; duplicates are skipped.
        let edges: [[(Int, Int)]] = resources.enumerated().map { i, r in
            guard index[r.address] == i else { return [] }
            return r.refs.enumerated().compactMap { k, ref in index[Address(ref.kind, ref.name)].map { ($0, k) } }
        }
        var color = [UInt8](repeating: 0, count: resources.count)  // 0 new, 1 on the stack, 2 done
        var stackPosition = [Int](repeating: -1, count: resources.count)
        var reported = Set<[Int]>()
        for start in resources.indices where color[start] == 0 && !edges[start].isEmpty {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            color[start] = 1
            stackPosition[start] = 0
            while let top = stack.last {
                let node = top.node
                if top.next < edges[node].count {
                    stack[stack.count - 1].next += 1
                    let target = edges[node][top.next].0
                    if color[target] == 0 {
                        color[target] = 1
                        stackPosition[target] = stack.count
                        stack.append((target, 0))
                    } else if color[target] == 1 {
                        let cycle = stack[stackPosition[target]...].map(\.node)
                        report(cycle: cycle, resources: resources, edges: edges, reported: &reported)
                    }
                } else {
                    color[node] = 2
                    stackPosition[node] = -1
                    stack.removeLast()
                }
            }
        }
    }

    private mutating func report(
        cycle: [Int], resources: [DecodedResource], edges: [[(Int, Int)]], reported: inout Set<[Int]>
    ) {
        // Start at the smallest address so the same cycle always reads the same.
        guard let minOffset = cycle.indices.min(by: { resources[cycle[$0]].address < resources[cycle[$1]].address })
        else { return }
        let rotated = Array(cycle[minOffset...] + cycle[..<minOffset])
        guard reported.insert(rotated).inserted else { return }
        let first = rotated[0]
        let next = rotated.count > 1 ? rotated[1] : first
        let listing = (rotated + [first]).map { resources[$0].address.description }.joined(separator: " -> ")
        let site = edges[first].first { $0.0 == next }.map { resources[first].refs[$0.1] }
        diagnostics.append(Diagnostic(
            code: "graph.cycle", message: "references form a cycle: \(listing)",
            hint: "remove one of the references", location: site?.location ?? resources[first].location,
            path: site?.path))
    }
}
