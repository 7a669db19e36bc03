import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import ManifestLoading

/// Whatever the input, loading takes time and gives output linear in its size (DESIGN.md section 3). The time
/// bounds are generous (a debug build on a busy machine): they catch the quadratic and exponential cases, which
/// take minutes; the release build's times are in docs/performance.md.
@Suite struct BoundedWorkTests {
    static let generous: Duration = .seconds(10)

    /// Loads one file holding `text`, and how long that took.
    static func timedLoad(_ text: String) throws -> (LoadResult, Duration) {
        let f = try Fixture()
        defer { f.remove() }
        try f.directory.write("m.yaml", text)
        let clock = ContinuousClock()
        let start = clock.now
        let result = f.load()
        return (result, clock.now - start)
    }

    /// What rendering the diagnostics would print, quoted lines included: the message, hint and the excerpt the
    /// renderer asks for, per diagnostic.
    static func outputSize(_ result: LoadResult) -> Int {
        result.diagnostics.reduce(0) { total, d in
            let quoted = d.location.flatMap {
                result.sourceExcerpt(file: $0.file, line: $0.line, column: $0.column, width: 200)
            }
            return total + d.message.utf8.count + (d.hint?.utf8.count ?? 0) + (quoted?.text.utf8.count ?? 0) + 100
        }
    }

    // MARK: - Nesting

    @Test func nestingDeeperThan256LevelsIsAnErrorAtTheLevelThatGoesOver() {
        let ok = YAMLParser.parse(
            Array((String(repeating: "[", count: 256) + String(repeating: "]", count: 256)).utf8), path: "t.yaml")
        #expect(ok.diagnostics.isEmpty)
        #expect(ok.documents.count == 1)
        let deep = YAMLParser.parse(
            Array(("a: " + String(repeating: "[", count: 257) + String(repeating: "]", count: 257) + "\n").utf8),
            path: "t.yaml")
        #expect(deep.diagnostics.map(\.code) == ["yaml.depth"])
        // The mapping is level 1, so the 256th bracket (column 259) is level 257.
        #expect(deep.diagnostics.first?.location == SourceLocation(file: "t.yaml", line: 1, column: 259))
        #expect(deep.documents.isEmpty)
    }

    @Test func blockNestingCountsToo() {
        var text = ""
        for level in 0..<300 { text += String(repeating: " ", count: level) + "k:\n" }
        let f = YAMLParser.parse(Array(text.utf8), path: "t.yaml")
        #expect(f.diagnostics.map(\.code) == ["yaml.depth"])
        #expect(f.diagnostics.first?.location?.line == 257)
    }

    /// libyaml's cost grows with the square of the depth (36 s for this input before the limit): parsing stops at
    /// the first level too deep, with one diagnostic whose quoted line is cut.
    @Test func aHundredThousandOpenBracketsStopEarly() throws {
        let (result, elapsed) = try Self.timedLoad(String(repeating: "[", count: 100_000))
        #expect(elapsed < Self.generous)
        #expect(result.diagnostics.map(\.code) == ["yaml.depth"])
        let location = try #require(result.diagnostics.first?.location)
        #expect(location.column == 257)
        let quoted = try #require(result.sourceExcerpt(file: location.file, line: 1, column: 257, width: 200))
        #expect(quoted.text == String(repeating: "[", count: 200))
        #expect(quoted.column == 101)
    }

    // MARK: - Many documents, long lines

    @Test func aHundredThousandEmptyDocumentsAreQuick() throws {
        let (result, elapsed) = try Self.timedLoad(String(repeating: "---\n", count: 100_000))
        #expect(elapsed < Self.generous)
        #expect(result.diagnostics.isEmpty)
        #expect(result.resourceCount == 0)
    }

    /// One 190 KB line of unknown keys once tried to allocate 6 GB: each diagnostic reprinted the whole line and each
    /// line lookup rescanned the file. Now each quotes 200 characters around its own column.
    @Test func oneLongLineOfUnknownKeysGivesOutputLinearInTheInput() throws {
        let keys = (0..<25_000).map { "k\($0): 1" }.joined(separator: ", ")
        let text = "apiVersion: switchboard/v1\nkind: ContentProfile\nmetadata: {name: wide}\nspec: {\(keys)}\n"
        #expect(text.utf8.count > 190_000)
        let (result, elapsed) = try Self.timedLoad(text)
        #expect(elapsed < Self.generous)
        #expect(result.diagnostics.count == 25_000)
        #expect(result.diagnostics.allSatisfy { $0.code == "manifest.unknown-field" })
        let size = Self.outputSize(result)
        #expect(size < 60 * text.utf8.count, "\(size) bytes of output for \(text.utf8.count) of input")
        // The last key is found in its window, under the caret.
        let last = try #require(result.diagnostics.last?.location)
        let quoted = try #require(result.sourceExcerpt(file: last.file, line: 4, column: last.column, width: 200))
        #expect(quoted.text.unicodeScalars.count == 200)
        #expect(quoted.text.dropFirst(quoted.column - 1).hasPrefix("k24999: 1"))
    }

    /// Unset variables on one long line: each is placed at its own column, without rescanning the file or the line.
    @Test func manyUnsetVariablesOnOneLineArePlacedQuickly() throws {
        let refs = (0..<5_000).map { "é${env:UNSET_\($0)}" }.joined()
        let text =
            "apiVersion: switchboard/v1\nkind: ContentProfile\nmetadata:\n  name: p\n  labels: {a: \"\(refs)\"}\nspec: {inbound: [image/png]}\n"
        let (result, elapsed) = try Self.timedLoad(text)
        #expect(elapsed < Self.generous)
        #expect(result.diagnostics.count == 5_000)
        let columns = result.diagnostics.compactMap { $0.location?.column }
        // The quote opens at column 15 (`  labels: {a: "`); each reference is é, then `${env:UNSET_n}`.
        var column = 16
        var expected: [Int] = []
        for i in 0..<5_000 {
            column += 1
            expected.append(column)
            column += "${env:UNSET_\(i)}".count
        }
        #expect(columns == expected)
    }

    // MARK: - Aliases

    /// Twenty thousand aliases of one 10 KB string: each would be checked, and quoted, on its own (200 MB of
    /// messages). A string weighs its length in the alias bound, so the document is refused at once.
    @Test(arguments: [false, true]) func aliasesOfALongStringCountItsLength(_ asKeys: Bool) throws {
        let big = "\"" + String(repeating: "x", count: 10_000) + "\""
        // As keys, each a duplicate of the first (the long key is explicit: an implicit key is at most 1024 long).
        let spec =
            asKeys
            ? "spec:\n  ? &b \(big)\n  : 1\n" + String(repeating: "  *b : 1\n", count: 20_000)
            : "spec:\n  inbound: [&b \(big)" + String(repeating: ", *b", count: 20_000) + "]\n"
        let (result, elapsed) = try Self.timedLoad(
            "apiVersion: switchboard/v1\nkind: ContentProfile\nmetadata: {name: p}\n" + spec)
        #expect(elapsed < Self.generous)
        #expect(result.diagnostics.map(\.code) == ["yaml.alias-limit"])
        #expect(Self.outputSize(result) < 1_000)
    }

    @Test func aFewAliasesOfALongStringAreFine() throws {
        let big = String(repeating: "x", count: 100_000)
        let text =
            "apiVersion: switchboard/v1\nkind: ContentProfile\nmetadata: {name: p, labels: {a: &b \"\(big)\", "
            + "b: *b, c: *b, d: *b}}\nspec: {inbound: [image/png]}\n"
        let (result, _) = try Self.timedLoad(text)
        #expect(!result.diagnostics.contains { $0.code == "yaml.alias-limit" })
    }

    // MARK: - File size

    /// A file over the limit is refused from its size: a sparse gigabyte is never read (nor kept as a source).
    @Test func aFileOverTheLimitIsRefusedFromItsSize() throws {
        var f = try Fixture()
        defer { f.remove() }
        try f.write("media.yaml", media)
        try f.write("huge.yaml", "")
        let gigabyte: off_t = 1 << 30
        #expect(truncate(f.path("huge.yaml"), gigabyte) == 0)
        let clock = ContinuousClock()
        let start = clock.now
        let result = f.load()
        #expect(clock.now - start < Self.generous)
        #expect(result.diagnostics.map(\.code) == ["yaml.file-size"])
        #expect(
            result.diagnostics.first?.message == "file is \(gigabyte) bytes, over the limit of 16777216 bytes (16 MiB)")
        #expect(result.diagnostics.first?.location == SourceLocation(file: f.path("huge.yaml"), line: 1, column: 1))
        #expect(result.sources.keys.sorted() == [f.path("media.yaml")])
        #expect(result.manifests == nil)
    }

    @Test func aFileAtTheLimitIsRead() throws {
        let f = try Fixture()
        defer { f.remove() }
        let text = media + "#" + String(repeating: "x", count: YAMLParser.maxFileSize - media.utf8.count - 2) + "\n"
        // Written as is: the fixture's marker scan would take longer than the load.
        try f.directory.write("media.yaml", text)
        let result = f.load()
        #expect(result.diagnostics.isEmpty)
        #expect(result.sources[f.path("media.yaml")]?.count == YAMLParser.maxFileSize)
    }
}

/// The line index: one pass over the file, then any line or column found without rescanning.
@Suite struct LineIndexTests {
    let text = "first\nsecond line\n\nnaïve ünïcode\nlast"

    @Test func linesAreFoundWithoutTheirLineFeed() {
        let bytes = Array(text.utf8)
        let index = LineIndex(bytes)
        let lines = (1...5).map { index.range(ofLine: $0).map { String(decoding: bytes[$0], as: UTF8.self) } }
        #expect(lines == ["first", "second line", "", "naïve ünïcode", "last"])
        #expect(index.range(ofLine: 0) == nil)
        #expect(index.range(ofLine: 6) == nil)
        // A final line feed starts an empty last line, as the lookup always had it.
        #expect(LineIndex(Array("a\n".utf8)).range(ofLine: 2) == 2..<2)
    }

    @Test func columnsCountCharacters() {
        let bytes = Array(text.utf8)
        let index = LineIndex(bytes)
        let offset = index.byteOffset(line: 4, column: 7, in: bytes)
        #expect(offset.map { String(decoding: bytes[$0..<($0 + 5)], as: UTF8.self) } == "ünï")
        // Past the end of the line: the line's end.
        #expect(index.byteOffset(line: 1, column: 40, in: bytes) == 5)
    }

    @Test func shortLinesAreQuotedWhole() throws {
        let result = LoadResult(manifests: nil, diagnostics: [], resourceCount: 0, sources: ["f": Array(text.utf8)])
        #expect(
            result.sourceExcerpt(file: "f", line: 4, column: 9, width: 200)
                == SourceExcerpt(text: "naïve ünïcode", column: 9))
        #expect(result.sourceLine(file: "f", line: 2) == "second line")
        #expect(result.sourceExcerpt(file: "g", line: 1, column: 1, width: 200) == nil)
    }

    @Test(arguments: [(1, 0, 1), (100, 0, 100), (101, 0, 101), (102, 1, 101), (5_000, 4_899, 101), (9_999, 9_800, 199)])
    func longLinesAreCutToAWindowHoldingTheColumn(_ column: Int, _ skipped: Int, _ caret: Int) throws {
        // Ten thousand characters, each two bytes: the window is counted in characters.
        let line = (0..<10_000).map { i in Character(UnicodeScalar(0x100 + i % 200)!) }
        let bytes = Array(("x\n" + String(line) + "\nz").utf8)
        let index = LineIndex(bytes)
        let cut = try #require(index.excerpt(of: bytes, line: 2, column: column, width: 200))
        #expect(cut.text == String(line[skipped..<(skipped + 200)]))
        #expect(cut.column == caret)
    }
}
