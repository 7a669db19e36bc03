import SwitchboardModel

/// The rules that need the whole set: duplicates, references, default platforms and cycles.
///
/// Everything is keyed by dictionaries, so the work is linear in the number of resources and references.
struct SetValidator {
    /// The platforms and which resources each holds.
    let platforms: PlatformCatalog
    var diagnostics: [Diagnostic] = []

    /// Records `diagnostic` (from `Diagnostics.swift`) at `location`, on the field `path`.
    mutating func report(_ diagnostic: Diagnostic, at location: SourceLocation, path: String?) {
        diagnostics.append(diagnostic.placed(at: location, path: path))
    }

    /// Validates the decoded documents (in load order) and returns the project and the resources that decoded
    /// completely.
    mutating func validate(projects: [DecodedProject], resources: [DecodedResource]) -> (Project?, [Resource]) {
        // Project: at most one.
        for p in projects.dropFirst() {
            guard let first = projects.first else { break }
            report(
                .secondProject(p.name, first: first.name, firstAt: first.nameLocation),
                at: p.nameLocation, path: "metadata.name")
        }
        let project: Project? = projects.isEmpty
            ? Project(name: Project.implicitName, platforms: platforms.implicitPlatforms) : projects.first?.project

        // Index by address; duplicates at the second place.
        var index: [Address: Int] = [:]
        index.reserveCapacity(resources.count)
        for (i, r) in resources.enumerated() {
            if let first = index[r.address] {
                report(
                    .duplicateResource(r.address, firstAt: resources[first].nameLocation),
                    at: r.nameLocation, path: "metadata.name")
            } else {
                index[r.address] = i
            }
        }

        checkReferences(resources, index: index)
        let platforms = project.map { resolvePlatforms(resources, index: index, project: $0) }
            ?? [String?](repeating: nil, count: resources.count)
        checkCycles(resources, index: index)
        checkNumbersInUse(resources, platforms: platforms)
        checkNumberUses(resources, index: index)

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
                guard let t = index[Address(ref.kind, ref.name)] else {
                    if namesByKind == nil {
                        namesByKind = Dictionary(grouping: resources.map(\.address), by: \.kind)
                            .mapValues { $0.map(\.name).sorted() }
                    }
                    report(
                        .missingReference(ref.kind, ref.name, candidates: namesByKind?[ref.kind] ?? []),
                        at: ref.location, path: ref.path)
                    continue
                }
                checkRole(ref, from: r, to: resources[t])
            }
        }
    }

    /// The rules a reference's role sets on the resource it names (which exists).
    private mutating func checkRole(_ ref: RefSite, from r: DecodedResource, to other: DecodedResource) {
        switch ref.role {
        case .numberIntegration:
            guard let it = other.integrationType else { break }
            let typeLocation = r.numberTypeLocation ?? ref.location
            switch it {
            case .whatsapp, .agentlessEmail:
                report(.integrationNotForNumbers(ref.name, type: it), at: ref.location, path: ref.path)
            case .twilioSMS where r.numberType == .whatsapp:
                report(.whatsAppNumberOnSMS(integration: ref.name), at: typeLocation, path: "spec.type")
            case .twilioWhatsApp where r.numberType != nil && r.numberType != .whatsapp:
                report(.smsNumberOnWhatsApp(r.numberType, integration: ref.name), at: typeLocation, path: "spec.type")
            default: break
            }
        case .workstreamNumber:
            guard let channel = r.workstreamChannel, let type = other.numberType else { break }
            let numberChannel: Channel = type == .whatsapp ? .whatsapp : .sms
            if numberChannel != channel {
                report(
                    .workstreamNumberChannel(ref.name, type: type, routes: channel),
                    at: ref.location, path: ref.path)
            }
        case .workstreamTemplate:
            guard let channel = r.workstreamChannel, let tc = other.templateChannel else { break }
            if tc.rawValue != channel.rawValue {
                report(
                    .workstreamTemplateChannel(ref.name, channel: tc, routes: channel),
                    at: ref.location, path: ref.path)
            }
        case .contentProfile, .extends:
            break
        }
    }

    // MARK: - Platforms

    /// The platform type a resource goes to by default (the catalog's holdings); nil for numbers (their
    /// integration decides) and when the spec is too broken to tell.
    func defaultPlatformType(_ r: DecodedResource) -> PlatformType? {
        guard r.address.kind != .number else { return nil }
        return platforms.defaultType(
            r.address.kind, integrationType: r.integrationType, templateChannel: r.templateChannel)
    }

    /// Platform types a resource may be placed on by naming such a connection, besides its default (a WhatsApp
    /// template on Genesys Cloud, for one).
    func otherPlatformTypes(_ r: DecodedResource) -> [PlatformType] {
        platforms.otherTypes(r.address.kind, integrationType: r.integrationType, templateChannel: r.templateChannel)
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
            guard let type = defaultPlatformType(r) else { continue }
            if let name = r.platform {
                result[i] = checkExplicitPlatform(name, of: r, type: type, project: project, byType: byType,
                                                  platformNames: platformNames)
            } else {
                result[i] = defaultPlatform(of: r, type: type, project: project, candidates: byType[type] ?? [])
            }
        }
        // A number goes where its integration is.
        for (i, r) in resources.enumerated() where r.address.kind == .number {
            guard let ref = r.refs.first(where: { $0.role == .numberIntegration }),
                  let t = index[Address(.integration, ref.name)], let platform = result[t] else { continue }
            if let name = r.platform, name != platform {
                report(
                    .numberPlatformMismatch(name, integration: ref.name, integrationPlatform: platform),
                    at: r.platformLocation ?? r.specLocation, path: "spec.platform")
                continue
            }
            result[i] = platform
        }
        return result
    }

    /// The platform `r` names in `spec.platform` when the Project defines it with a type `r` may go to; nil
    /// (reported) otherwise.
    private mutating func checkExplicitPlatform(
        _ name: String, of r: DecodedResource, type: PlatformType, project: Project,
        byType: [PlatformType: [String]], platformNames: [String]
    ) -> String? {
        let at = r.platformLocation ?? r.specLocation
        guard let p = project.platforms[name] else {
            report(
                .undefinedPlatform(name, project: project.name, platforms: platformNames),
                at: at, path: "spec.platform")
            return nil
        }
        guard p.type == type || otherPlatformTypes(r).contains(p.type) else {
            report(
                .platformTypeMismatch(name, is: p.type, for: describe(r), needs: type, candidates: byType[type]),
                at: at, path: "spec.platform")
            return nil
        }
        return name
    }

    /// The one platform of `type` in the Project, for a resource without `spec.platform`; nil (reported) when there
    /// is none or more than one.
    private mutating func defaultPlatform(
        of r: DecodedResource, type: PlatformType, project: Project, candidates: [String]
    ) -> String? {
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty {
            report(
                .noPlatform(project: project.name, type: type, for: describe(r)),
                at: r.specLocation, path: "spec.platform")
        } else {
            report(
                .ambiguousPlatform(project: project.name, type: type, candidates: candidates),
                at: r.specLocation, path: "spec.platform")
        }
        return nil
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
        report(.cycle(listing), at: site?.location ?? resources[first].location, path: site?.path)
    }
}
