import SwitchboardModel

/// Renders a manifest set as a Graphviz DOT graph (`switchboard graph`).
///
/// One cluster per platform connection that holds resources (labelled `name (type)`), one node per resource
/// (its address as id, `Kind` and name as label, a shape per kind) and an edge from each resource to every
/// resource it references. Output is sorted, so the same set always gives the same text.
public enum GraphRenderer {
    /// The DOT text of `set`; pipe it to `dot -Tsvg`.
    public static func dot(_ set: ManifestSet) -> String {
        var out = "digraph switchboard {\n"
        out += "    rankdir=LR;\n"
        out += "    node [fontname=\"Helvetica\", fontsize=11];\n"
        out += "    edge [fontname=\"Helvetica\", fontsize=9];\n"

        let resources = set.resources.sorted { $0.address < $1.address }
        let byPlatform = Dictionary(grouping: resources, by: \.platform)
        for platform in byPlatform.keys.sorted() {
            let members = byPlatform[platform] ?? []
            let type = set.project.platforms[platform]?.type.rawValue ?? "unknown"
            out += "\n    subgraph \(clusterID(platform)) {\n"
            out += "        label=\(quote("\(platform) (\(type))"));\n"
            out += "        style=rounded;\n"
            for r in members {
                out +=
                    "        \(quote(r.address.description)) [label=\(quote(r.kind.rawValue + "\n" + r.name)), "
                    + "shape=\(shape(r.kind))];\n"
            }
            out += "    }\n"
        }

        let known = Set(resources.map(\.address))
        let missing = Set(resources.flatMap(\.references)).subtracting(known).sorted()
        if !missing.isEmpty {
            out += "\n"
            for a in missing {
                out +=
                    "    \(quote(a.description)) [label=\(quote(a.kind.rawValue + "\n" + a.name + "\n(missing)")), "
                    + "shape=\(shape(a.kind)), style=dashed];\n"
            }
        }

        let edges = resources.flatMap { r in r.references.map { (r.address, $0) } }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        if !edges.isEmpty { out += "\n" }
        for (from, to) in edges {
            out += "    \(quote(from.description)) -> \(quote(to.description));\n"
        }
        return out + "}\n"
    }

    /// The shape that tells kinds apart at a glance.
    static func shape(_ kind: Kind) -> String {
        switch kind {
        case .project: "plaintext"
        case .contentProfile: "folder"
        case .integration: "component"
        case .number: "ellipse"
        case .template: "note"
        case .workstream: "hexagon"
        }
    }

    /// `cluster_<platform>`; characters DOT does not allow in a bare id become `_`.
    static func clusterID(_ platform: String) -> String {
        "cluster_"
            + String(
                platform.unicodeScalars.map { s -> Character in
                    (s.properties.isAlphabetic && s.isASCII) || ("0"..."9").contains(s) ? Character(s) : "_"
                })
    }

    /// A DOT double-quoted string; a line break becomes DOT's `\n`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
