import Foundation
import ManifestLoading

/// Converts parsed YAML (core schema) to JSON values, the way a YAML language server sees a manifest.
enum YAMLToJSON {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Every document of the YAML text at `url`.
    static func documents(at url: URL) throws -> [JSON] {
        let bytes = Array(try Data(contentsOf: url))
        let file = YAMLParser.parse(bytes, path: url.path)
        if let first = file.diagnostics.first(where: { $0.severity == .error }) {
            throw ParseError(description: "\(url.path): \(first.code): \(first.message)")
        }
        return file.documents.map { convert($0.root) }
    }

    /// Every document of `text`.
    static func documents(_ text: String) throws -> [JSON] {
        let file = YAMLParser.parse(Array(text.utf8), path: "inline.yaml")
        if let first = file.diagnostics.first(where: { $0.severity == .error }) {
            throw ParseError(description: "\(first.code): \(first.message)")
        }
        return file.documents.map { convert($0.root) }
    }

    static func convert(_ node: YNode) -> JSON {
        switch node.kind {
        case .mapping:
            var o: [String: JSON] = [:]
            for (key, value) in node.pairs { o[key.scalar ?? ""] = convert(value) }
            return .object(o)
        case .sequence:
            return .array(node.items.map(convert))
        case .scalar:
            if node.isNull { return .null }
            if let b = node.boolValue { return .bool(b) }
            if let i = node.intValue { return .int(i) }
            let text = node.scalar ?? ""
            if node.isString { return .string(text) }
            return Double(text).map(JSON.double) ?? .string(text)
        }
    }
}
