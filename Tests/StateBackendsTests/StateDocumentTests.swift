import Foundation
import SwitchboardModel
import Testing

@testable import StateBackends

@Suite struct StateDocumentTests {
    /// A state with every field set, awkward strings (escapes, control characters, non-ASCII, astral scalars)
    /// and nested values.
    static var awkward: StateSnapshot {
        var s = StateSnapshot(lineage: "0f0e-lineage", serial: 41)
        s.resources[Address(.template, "order-shipped")] = ResourceState(
            kind: .template, name: "order-shipped", platform: "dynamics", remoteId: "tmpl/1 \"x\"", status: .active,
            attributes: [
                "localizations": ["ja_JP": "ご注文 {{1}} を発送しました。", "en_US": "Line\none\ttab \\ back \u{1} 😀"],
                "count": -9_223_372_036_854_775_807, "zero": 0, "flag": false, "nothing": nil,
                "list": [1, "two", [true, nil], [:]], "empty": [],
            ],
            fingerprints: ["onboarding.pin": "hmac-sha256:abc"], outputs: ["webhook": "https://x/y?a=1&b=2"],
            dependencies: [Address(.number, "us-1"), Address(.template, "t")], protect: true,
            labels: ["team": "support", "": "empty key"], createdAt: "2026-01-01T00:00:00Z",
            activatedAt: nil, updatedAt: "2026-01-02T00:00:00Z")
        s.resources[Address(.number, "us-1")] = ResourceState(
            kind: .number, name: "us-1", platform: "genesys", remoteId: "n-1", status: .active)
        s.intents["Number/us-1"] = Intent(
            address: Address(.number, "us-1"), operation: .create, platform: "genesys", naturalKey: "+14155550123",
            startedAt: "2026-01-01T00:00:00Z", applyId: "run-1", fingerprints: ["a": "b"])
        s.intents["Template/t"] = Intent(
            address: Address(.template, "t"), operation: .delete, platform: "dynamics", naturalKey: "t",
            remoteId: "r-9", startedAt: "2026-01-01T00:00:01Z", applyId: "run-1")
        return s
    }

    @Test(arguments: [true, false]) func roundTripKeepsEverything(pretty: Bool) throws {
        let bytes = StateDocument.encode(Self.awkward, pretty: pretty)
        #expect(try StateDocument.decode(bytes) == Self.awkward)
    }

    /// What the writer produces is JSON that Foundation reads back to the same snapshot.
    @Test(arguments: [true, false]) func writtenDocumentIsJSONFoundationAgreesWith(pretty: Bool) throws {
        let bytes = StateDocument.encode(Self.awkward, pretty: pretty)
        let viaFoundation = try JSONDecoder().decode(StateSnapshot.self, from: Data(bytes))
        #expect(viaFoundation == Self.awkward)
    }

    /// State files written by earlier versions (`JSONEncoder`, pretty, sorted keys) read the same.
    @Test func readsWhatJSONEncoderWrote() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = Array(try encoder.encode(Self.awkward))
        #expect(try StateDocument.decode(bytes) == Self.awkward)
        let unescapedSlashes = Array(try JSONEncoder().encode(Self.awkward))
        #expect(try StateDocument.decode(unescapedSlashes) == Self.awkward)
    }

    /// A document written piece by piece (as a save writes it into the file) is the whole document, whatever the
    /// piece size, and a failing writer stops the encoding.
    @Test(arguments: [1, 100, 4096, 1 << 20]) func piecesMakeTheWholeDocument(chunk: Int) throws {
        var snapshot = Self.awkward
        for i in 0..<300 {
            snapshot.resources[Address(.number, "n-\(i)")] = ResourceState(
                kind: .number, name: "n-\(i)", platform: "genesys", remoteId: "r-\(i)", status: .active,
                attributes: ["phoneNumber": .string("+1415555\(1000 + i)")], labels: ["team": "support"])
        }
        for pretty in [true, false] {
            var pieces: [[UInt8]] = []
            StateDocument.encode(snapshot, pretty: pretty, chunk: chunk) { pieces.append($0) }
            #expect(pieces.joined().elementsEqual(StateDocument.encode(snapshot, pretty: pretty)))
            #expect(pieces.count > 1 || chunk >= 1 << 20)
        }
        struct Full: Error {}
        var calls = 0
        #expect(throws: Full.self) {
            try StateDocument.encode(snapshot, pretty: true, chunk: chunk) { _ in
                calls += 1
                throw Full()
            }
        }
        #expect(calls == 1)
    }

    /// Timestamps that repeat the one read before share it; those that differ (by a byte, in length, by escapes or
    /// non-ASCII text) still read as written.
    @Test func recurringTimestampsReadAsWritten() throws {
        var snapshot = StateSnapshot(lineage: "l", serial: 1)
        let times: [(String?, String?, String?)] = [
            ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
            ("2026-01-01T00:00:00Z", nil, "2026-01-01T00:00:01Z"),
            ("2026-01-01T00:00:01Z", "2026-01-01T00:00:0", "2026-01-01T00:00:00Zz"),
            ("tab\there", "tab\there", "caf\u{E9}"),
            ("caf\u{E9}", "", ""),
        ]
        for (i, t) in times.enumerated() {
            snapshot.resources[Address(.number, "n-\(i)")] = ResourceState(
                kind: .number, name: "n-\(i)", platform: "genesys", remoteId: "r", status: .active,
                createdAt: t.0, activatedAt: t.1, updatedAt: t.2)
        }
        for pretty in [true, false] {
            #expect(try StateDocument.decode(StateDocument.encode(snapshot, pretty: pretty)) == snapshot)
        }
    }

    @Test func keysAreSortedAndLayoutIsStable() throws {
        let text = String(decoding: StateDocument.encode(Self.awkward), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"format\" : 1,\n  \"intents\" : {\n    \"Number/us-1\" : {\n"))
        #expect(text.hasSuffix("\n  \"serial\" : 41\n}\n"))
        #expect(text.contains("\"empty\" : [],"))
        #expect(text.contains("\"outputs\" : {},") || text.contains("\"outputs\" : {\n"))
        #expect(text.contains(#""en_US" : "Line\none\ttab \\ back \u0001 😀""#))
        #expect(text.contains("https://x/y?a=1&b=2"))
        let compact = String(decoding: StateDocument.encode(Self.awkward, pretty: false), as: UTF8.self)
        #expect(compact.hasPrefix(#"{"format":1,"intents":{"Number/us-1":{"address":"Number/us-1","applyId":"run-1","#))
        #expect(!compact.contains("\n"))
    }

    @Test func unknownMembersAndNullOptionalsAreAccepted() throws {
        let text = #"""
            {"format": 1, "lineage": "l", "serial": 2, "future": {"x": [1.5e3, -0.25, "s"]},
             "resources": {"Number/a": {"kind": "Number", "name": "a", "platform": "p", "remoteId": "r",
               "status": "active", "attributes": null, "createdAt": null, "note": 3.25}},
             "intents": null}
            """#
        let s = try StateDocument.decode(Array(text.utf8))
        #expect(s.serial == 2)
        #expect(s.resources[Address(.number, "a")]?.attributes == [:])
        #expect(s.resources[Address(.number, "a")]?.createdAt == nil)
        #expect(s.intents.isEmpty)
    }

    @Test func escapesDecode() throws {
        let text = #"{"format":1,"lineage":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00","serial":0}"#
        let s = try StateDocument.decode(Array(text.utf8))
        #expect(s.lineage == "a\"b\\c/d\u{8}\u{c}\n\r\té😀")
    }

    /// Each malformed document is refused with a reason and the line and column where it goes wrong.
    @Test(arguments: [
        ("{\"format\": 1, \"lin", "unexpected end of document", 1),
        ("{\"format\": 1,\n \"lineage\": \"l\",\n \"serial\": 1.5}", "expected an integer", 3),
        ("{\"format\": 1, \"lineage\": \"l\", \"serial\": 1} x", "unexpected text after the document", 1),
        ("{\"format\": 1, \"serial\": 1}", "missing key 'lineage'", 1),
        ("{\"format\": 1, \"lineage\": \"l\", \"serial\": 1,\n\"resources\": {\"Number/a\": {\"kind\": \"Nope\"}}}",
         "unknown kind 'Nope'", 2),
        ("{\"format\": 1, \"lineage\": \"l\", \"serial\": 1,\n\"resources\": {\"Number/a\": {\"kind\": \"Number\"}}}",
         "missing key 'name'", 2),
        ("{\"format\": 1, \"lineage\": \"l\", \"serial\": 1,\n\"resources\": {\"Nope/a\": {}}}", "bad address 'Nope/a'", 2),
        ("{\"format\": 1, \"lineage\": \"l\", \"serial\": 1,\n\"resources\": {\"Number/\": {}}}", "bad address 'Number/'", 2),
        ("{\"format\": 1, \"lineage\": \"l\", \"serial\": 1,\n\"resources\": {\"Numbera\": {}}}", "bad address 'Numbera'", 2),
        ("{\"format\": 1, \"lineage\": \"a\u{1}b\", \"serial\": 1}", "control character", 1),
        ("{\"format\": 1, \"lineage\": \"\\ud800\", \"serial\": 1}", "unpaired surrogate", 1),
        ("{\"format\": 1, \"lineage\": \"l\" \"serial\": 1}", "expected ',' or '}'", 1),
        ("{\"format\": 01, \"lineage\": \"l\", \"serial\": 1}", "may not start with 0", 1),
        ("{\"format\": 99999999999999999999, \"lineage\": \"l\", \"serial\": 1}", "out of range", 1),
        ("[]", "expected an object", 1),
        ("", "unexpected end of document", 1),
    ])
    func malformedDocumentsAreRefusedWithAPlace(text: String, reason: String, line: Int) {
        #expect {
            _ = try StateDocument.decode(Array(text.utf8))
        } throws: { error in
            guard let e = error as? JSONReadError else { return false }
            return e.description.contains(reason) && e.line == line
        }
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Array(#"{"format": 1, "lineage": "x"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#"", "serial": 1}"#.utf8)
        #expect(throws: JSONReadError.self) { _ = try StateDocument.decode(bytes) }
    }

    @Test func errorNamesTheKeyPath() {
        let text = #"{"format": 1, "lineage": "l", "serial": 1, "resources": {"Number/a": {"kind": "Number", "name": 3}}}"#
        #expect {
            _ = try StateDocument.decode(Array(text.utf8))
        } throws: { error in
            (error as? JSONReadError)?.path == "resources.Number/a.name"
        }
    }
    /// A key written with escapes (`\u006b` for `k`) names the same member as the plain key.
    @Test func escapedKeysMatchTheirMembers() throws {
        let text = #"{"\u0066ormat": 1, "lineage": "l", "s\u0065rial": 7, "resources": {"Number/a": {"\u006bind": "Number", "name": "a", "platform": "p", "remoteId": "r", "status": "active"}}}"#
        let s = try StateDocument.decode(Array(text.utf8))
        #expect(s.serial == 7)
        #expect(s.resources[Address(.number, "a")]?.kind == .number)
        let slash = #"{"format": 1, "lineage": "l", "serial": 1, "resources": {"Number\/b": {"kind": "Number", "name": "b", "platform": "p", "remoteId": "r", "status": "active"}}}"#
        #expect(try StateDocument.decode(Array(slash.utf8)).resources.keys.sorted() == [Address(.number, "b")])
    }

    /// The header read a save makes checks the whole document's syntax but not its meaning.
    @Test func headerReadsFormatLineageAndSerialOfAWellFormedDocument() throws {
        let bytes = StateDocument.encode(Self.awkward, pretty: true)
        let header = try StateDocument.header(bytes)
        #expect(header.format == 1 && header.lineage == "0f0e-lineage" && header.serial == 41)
        // A resource the full reader would refuse (unknown kind) does not stop the header read.
        let odd = #"{"format": 1, "lineage": "l", "serial": 3, "resources": {"Number/a": {"kind": "Nope"}}}"#
        #expect(try StateDocument.header(Array(odd.utf8)).serial == 3)
    }

    @Test(arguments: [
        (#"{"format": 1, "lineage": "l", "serial": 3, "resources": {"Number/a": {"kind": "Number",}}}"#, "expected a key in quotes"),
        (#"{"format": 1, "lineage": "l", "serial": 3, "resources": {"#, "unexpected end of document"),
        (#"{"format": 1, "lineage": "l"}"#, "missing key 'serial'"),
        (#"{"format": 1, "lineage": "l", "serial": 3} {}"#, "unexpected text after the document"),
    ])
    func headerRefusesABrokenDocument(text: String, reason: String) {
        #expect {
            _ = try StateDocument.header(Array(text.utf8))
        } throws: { error in
            (error as? JSONReadError)?.description.contains(reason) == true
        }
    }
    /// Map keys outside ASCII are read as text and checked like any string.
    @Test func nonASCIIMapKeysRoundTripAndBadOnesAreRefused() throws {
        var s = StateSnapshot(lineage: "l", serial: 1)
        s.resources[Address(.number, "a")] = ResourceState(
            kind: .number, name: "a", platform: "p", remoteId: "r", status: .active, labels: ["équipe": "support"])
        #expect(try StateDocument.decode(StateDocument.encode(s, pretty: true)) == s)
        var bytes = Array(#"{"format": 1, "lineage": "l", "serial": 1, "x"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#"": 1}"#.utf8)
        #expect(throws: JSONReadError.self) { _ = try StateDocument.decode(bytes) }
        #expect(throws: JSONReadError.self) { _ = try StateDocument.header(bytes) }
    }
}
