import Testing
@testable import ManifestLoading
import SwitchboardModel

@Suite struct YAMLParserTests {
    func parse(_ text: String) -> YAMLFile { YAMLParser.parse(Array(text.utf8), path: "t.yaml") }

    @Test func keepsOneBasedPositions() throws {
        let f = parse("a: 1\nb:\n  c: [x, 'y']\n")
        #expect(f.diagnostics.isEmpty)
        let root = try #require(f.documents.first?.root)
        let c = try #require(root["b"]?["c"])
        #expect(c.location == SourceLocation(file: "t.yaml", line: 3, column: 6))
        #expect(c.items.map(\.scalar) == ["x", "y"])
        #expect(c.items[1].location.column == 10)
    }

    @Test func multiDocumentAndMergeKeys() throws {
        let f = parse("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n---\nz: true\n")
        #expect(f.diagnostics.isEmpty)
        #expect(f.documents.count == 2)
        let m = try #require(f.documents[0].root["m"])
        #expect(m["x"]?.intValue == 1)
        #expect(m["y"]?.intValue == 3)
        #expect(f.documents[1].root["z"]?.boolValue == true)
    }

    @Test func duplicateKeyPointsAtSecondOccurrence() {
        let f = parse("a: 1\nb: 2\na: 3\n")
        #expect(f.diagnostics.map(\.code) == ["yaml.duplicate-key"])
        #expect(f.diagnostics.first?.location?.line == 3)
        #expect(f.diagnostics.first?.notes.first?.location?.line == 1)
    }

    @Test func nonCoreTagIsRefused() {
        let f = parse("a: !!python/object foo\nb: !!str ok\n")
        #expect(f.diagnostics.map(\.code) == ["yaml.tag"])
        #expect(f.diagnostics.first?.location?.line == 1)
    }

    @Test func syntaxErrorAtLibyamlMark() {
        let f = parse("a: [1, 2\nb: 3\n")
        #expect(f.diagnostics.map(\.code) == ["yaml.syntax"])
        #expect(f.documents.isEmpty)
    }

    @Test func billionLaughsFailsFast() {
        var text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 {
            let refs = Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ")
            text += "l\(i): &l\(i) [\(refs)]\n"
        }
        let clock = ContinuousClock()
        let start = clock.now
        let f = parse(text)
        #expect(clock.now - start < .seconds(1))
        #expect(f.diagnostics.map(\.code) == ["yaml.alias-limit"])
        #expect(f.documents.isEmpty)
    }

    @Test func selfReferencingAliasIsAnError() {
        let f = parse("a: &a [*a]\n")
        #expect(f.diagnostics.map(\.code) == ["yaml.syntax"])
    }

    @Test func oversizeFileIsRefused() {
        let f = YAMLParser.parse([UInt8](repeating: 0x20, count: YAMLParser.maxFileSize + 1), path: "big.yaml")
        #expect(f.diagnostics.map(\.code) == ["yaml.file-size"])
    }

    @Test func quotedScalarsStayStrings() throws {
        let f = parse("a: 'true'\nb: true\nc: \"12\"\nd: 12\n")
        let r = try #require(f.documents.first?.root)
        #expect(r["a"]?.isString == true)
        #expect(r["b"]?.boolValue == true)
        #expect(r["c"]?.isString == true)
        #expect(r["d"]?.intValue == 12)
    }
}
