import CYaml
import SwitchboardModel

/// The result of parsing one YAML file: its documents and any problems, each with a place.
public struct YAMLFile: Sendable {
    public var path: String
    public var documents: [YAMLDocument]
    public var diagnostics: [Diagnostic]
}

/// Streams libyaml parser events into compact `YAMLDocument`s, enforcing the hardening rules.
public enum YAMLParser {
    /// Files larger than this are refused (`yaml.file-size`).
    public static let maxFileSize = 16 * 1024 * 1024
    /// Collections may nest this many levels deep; one more is `yaml.depth`, and parsing stops there (libyaml's own
    /// cost grows with the square of the depth).
    public static let maxDepth = 256
    /// Alias expansion is refused past this many nodes (and past ten times the nodes written).
    public static let aliasExpansionFloor: Int64 = 100_000
    /// For the alias bound a scalar counts as one node more per this many bytes of its text, so aliases to a long
    /// string cannot multiply the work and the output of the checks that read it.
    public static let scalarUnit = 64

    /// Parses `bytes` (the contents of `path`) into documents. Never throws: problems become diagnostics.
    public static func parse(_ bytes: [UInt8], path: String) -> YAMLFile {
        if bytes.count > maxFileSize {
            return YAMLFile(
                path: path, documents: [], diagnostics: [.fileTooLarge(bytes.count, limit: maxFileSize, file: path)])
        }
        var builder = Builder(path: path)
        bytes.withUnsafeBufferPointer { buf in builder.run(buf) }
        if builder.stopped || builder.diagnostics.contains(where: { $0.code == DiagnosticCode.yamlSyntax.rawValue }) {
            return YAMLFile(path: path, documents: [], diagnostics: builder.diagnostics)
        }
        return YAMLFile(path: path, documents: builder.documents, diagnostics: builder.diagnostics)
    }
}

/// Builds documents from libyaml events.
private struct Builder {
    let path: String
    var documents: [YAMLDocument] = []
    var diagnostics: [Diagnostic] = []

    // Per-document storage.
    var nodes: [RawNode] = []
    var children: [Int32] = []
    var strings: [String] = []
    /// Per node, how much work reading it costs once aliases are expanded: one per node, plus one per
    /// `scalarUnit` bytes of a scalar, so an alias to a long string costs what its text does.
    var sizes: [Int64] = []
    /// What the document's own nodes weigh (as `sizes` counts them, each once).
    var written: Int64 = 0
    var anchors: [String: Int32] = [:]
    /// Open collections: node index and where its children start on `pending`.
    var open: [(node: Int32, pendingStart: Int)] = []
    var pending: [Int32] = []
    var root: Int32 = -1
    var aliasLimitHit = false
    /// Set when parsing ended early (a syntax error, nesting too deep): the file gives no documents.
    var stopped = false

    init(path: String) { self.path = path }

    mutating func run(_ buf: UnsafeBufferPointer<UInt8>) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportParserError(parser)
                stopped = true
                return
            }
            let type = event.type
            handle(&event)
            yaml_event_delete(&event)
            if type == YAML_STREAM_END_EVENT || stopped { return }
        }
    }

    mutating func reportParserError(_ p: yaml_parser_t) {
        let problem = p.problem.map { String(cString: $0) } ?? "unknown error"
        var message = problem
        if let ctx = p.context { message = "\(String(cString: ctx)): \(problem)" }
        let mark = p.problem_mark
        report(
            .yamlSyntax(message),
            at: SourceLocation(file: path, line: Int(mark.line) + 1, column: Int(mark.column) + 1))
    }

    mutating func handle(_ event: inout yaml_event_t) {
        let mark = event.start_mark
        let line = Int32(mark.line + 1)
        let column = Int32(mark.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT: startDocument()
        case YAML_DOCUMENT_END_EVENT:
            if root >= 0 && !aliasLimitHit {
                documents.append(
                    YAMLDocument(file: path, nodes: nodes, children: children, strings: strings, root: root))
            }
        case YAML_SCALAR_EVENT: scalar(event, line: line, column: column)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT: startCollection(event, line: line, column: column)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: endCollection()
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let target = anchors[name] else {
                report(.undefinedAlias(name), at: location(line, column))
                return
            }
            attach(target)
        default:
            break
        }
    }

    /// Empties the per-document storage.
    mutating func startDocument() {
        // The arrays went to the previous document; start the next ones at its size (documents of a file are
        // alike), so they do not grow step by step.
        let (n, c, s) = (nodes.count, children.count, strings.count)
        nodes = []
        nodes.reserveCapacity(n)
        children = []
        children.reserveCapacity(c)
        strings = []
        strings.reserveCapacity(s)
        sizes.removeAll(keepingCapacity: true)
        written = 0
        anchors = [:]
        open.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        root = -1
        aliasLimitHit = false
    }

    mutating func scalar(_ event: yaml_event_t, line: Int32, column: Int32) {
        let s = event.data.scalar
        let text = s.value.map {
            String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self)
        } ?? ""
        let style: YNode.Style = switch s.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: .quoted
        case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: .block
        default: .plain
        }
        let tag = checkTag(s.tag, line: line, column: column, scalar: true)
        strings.append(text)
        let index = appendNode(RawNode(
            kind: .scalar, style: style, tag: tag, line: line, column: column,
            value: Int32(strings.count - 1), count: 0))
        let weight = 1 + Int64(s.length / YAMLParser.scalarUnit)
        sizes.append(weight)
        written += weight
        register(anchor: s.anchor, index: index)
        attach(index)
    }

    mutating func startCollection(_ event: yaml_event_t, line: Int32, column: Int32) {
        guard open.count < YAMLParser.maxDepth else {
            report(.depth(limit: YAMLParser.maxDepth), at: location(line, column))
            stopped = true
            return
        }
        let isMap = event.type == YAML_MAPPING_START_EVENT
        let tagPtr = isMap ? event.data.mapping_start.tag : event.data.sequence_start.tag
        let tag = checkTag(tagPtr, line: line, column: column, scalar: false)
        let implicitFlow = isMap
            ? event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
            : event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
        let index = appendNode(RawNode(
            kind: isMap ? .mapping : .sequence, style: implicitFlow ? .flow : .block, tag: tag,
            line: line, column: column, value: 0, count: 0))
        sizes.append(1)
        written += 1
        open.append((index, pending.count))
        // The anchor is registered when the collection ends, so a collection cannot contain itself.
        if let a = isMap ? event.data.mapping_start.anchor : event.data.sequence_start.anchor {
            pendingAnchors.append((String(cString: a), index))
        }
    }

    mutating func endCollection() {
        guard let (index, start) = open.popLast() else { return }
        let kids = pending[start...]
        var size: Int64 = 1
        for k in kids { size = size &+ sizes[Int(k)]; if size > Int64.max / 4 { size = Int64.max / 4 } }
        sizes[Int(index)] = size
        nodes[Int(index)].value = Int32(children.count)
        nodes[Int(index)].count = Int32(kids.count)
        children.append(contentsOf: kids)
        pending.removeSubrange(start...)
        checkExpansion(size, line: nodes[Int(index)].line, column: nodes[Int(index)].column)
        // Past the limit the document is dropped: its keys are not compared (each report would quote them).
        if nodes[Int(index)].kind == .mapping && !aliasLimitHit { checkDuplicateKeys(index) }
        if let i = pendingAnchors.lastIndex(where: { $0.1 == index }) {
            anchors[pendingAnchors[i].0] = index
            pendingAnchors.remove(at: i)
        }
        attach(index)
    }

    var pendingAnchors: [(String, Int32)] = []

    mutating func appendNode(_ n: RawNode) -> Int32 {
        nodes.append(n)
        return Int32(nodes.count - 1)
    }

    mutating func register(anchor: UnsafeMutablePointer<yaml_char_t>?, index: Int32) {
        if let a = anchor { anchors[String(cString: a)] = index }
    }

    mutating func attach(_ index: Int32) {
        if open.isEmpty { root = index } else { pending.append(index) }
    }

    mutating func checkExpansion(_ size: Int64, line: Int32, column: Int32) {
        guard !aliasLimitHit else { return }
        let bound = max(YAMLParser.aliasExpansionFloor, written * 10)
        if size > bound {
            aliasLimitHit = true
            report(.aliasLimit(bound), at: location(line, column))
        }
    }

    mutating func checkTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, line: Int32, column: Int32, scalar: Bool) -> YNode.Tag {
        guard let tag else { return .none }
        let t = String(cString: tag)
        let core = "tag:yaml.org,2002:"
        switch t {
        case "!": return .nonSpecific
        case core + "str": return .str
        case core + "int": return .int
        case core + "float": return .float
        case core + "bool": return .bool
        case core + "null": return .null
        case core + "seq": return .seq
        case core + "map": return .map
        default:
            let shown = t.hasPrefix(core) ? "!!" + t.dropFirst(core.count) : t
            report(.unknownTag(shown), at: location(line, column))
            return .none
        }
    }

    mutating func checkDuplicateKeys(_ index: Int32) {
        let n = nodes[Int(index)]
        let start = Int(n.value)
        let count = Int(n.count) / 2
        guard count > 1 else { return }
        if count <= 8 {
            // Few keys (nearly every mapping): compare each with the ones before it instead of hashing.
            for i in 1..<count {
                let k = children[start + 2 * i]
                let key = nodes[Int(k)]
                guard key.kind == .scalar else { continue }
                let text = strings[Int(key.value)]
                for j in 0..<i {
                    let first = children[start + 2 * j]
                    let f = nodes[Int(first)]
                    guard f.kind == .scalar, strings[Int(f.value)] == text else { continue }
                    reportDuplicate(text, key: key, first: f)
                    break
                }
            }
            return
        }
        var seen: [String: Int32] = [:]
        seen.reserveCapacity(count)
        for i in 0..<count {
            let k = children[start + 2 * i]
            let key = nodes[Int(k)]
            guard key.kind == .scalar else { continue }
            let text = strings[Int(key.value)]
            if let first = seen[text] {
                reportDuplicate(text, key: key, first: nodes[Int(first)])
            } else {
                seen[text] = k
            }
        }
    }

    mutating func reportDuplicate(_ text: String, key: RawNode, first f: RawNode) {
        report(.duplicateKey(text, first: location(f.line, f.column)), at: location(key.line, key.column))
    }

    /// Records `diagnostic` (from `Diagnostics.swift`) at `location`.
    mutating func report(_ diagnostic: Diagnostic, at location: SourceLocation) {
        diagnostics.append(diagnostic.placed(at: location, path: nil))
    }

    /// A place in this file from libyaml's 1-based line and column.
    func location(_ line: Int32, _ column: Int32) -> SourceLocation {
        SourceLocation(file: path, line: Int(line), column: Int(column))
    }
}
