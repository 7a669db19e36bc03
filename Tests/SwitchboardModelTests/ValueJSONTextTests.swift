import Foundation
import Testing

@testable import SwitchboardModel

/// `Value.jsonText` must be valid JSON with sorted keys, whichever path (plain copy or escaping) a string takes.
@Suite struct ValueJSONTextTests {
    @Test func plainStringsAreCopiedAsIs() {
        #expect(Value.string("hello, wörld 👋 / ok").jsonText == "\"hello, wörld 👋 / ok\"")
        #expect(JSONWriter<String>.needsEscaping("hello") == false)
        #expect(JSONWriter<String>.needsEscaping("") == false)
    }

    @Test func specialCharactersAreEscaped() {
        #expect(Value.string("a\"b").jsonText == #""a\"b""#)
        #expect(Value.string("a\\b").jsonText == #""a\\b""#)
        #expect(Value.string("l1\nl2\r\t").jsonText == #""l1\nl2\r\t""#)
        #expect(Value.string("\u{1}x\u{1f}").jsonText == #""\u0001x\u001f""#)
        #expect(Value.string("é\"").jsonText == "\"é\\\"\"")
        #expect(JSONWriter<String>.needsEscaping("x\u{7f}") == false)
    }

    @Test func objectsSortKeysAndNest() {
        let v: Value = ["b": [1, true, nil], "a": ["z\n": "q", "y": 2], "": "e"]
        #expect(v.jsonText == #"{"":"e","a":{"y":2,"z\n":"q"},"b":[1,true,null]}"#)
    }

    @Test func outputParsesBackToTheSameValue() throws {
        let strings = ["", "plain", "quote\"", "back\\slash", "nl\n", "\u{0}\u{8}\u{c}", "ünï©ødé", "emoji 🎉", "{\"}"]
        for s in strings {
            let text = Value.object([s: .list([.string(s), .int(-3)])]).jsonText
            let decoded = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
            #expect(decoded == .object([s: .list([.string(s), .int(-3)])]), "\(text)")
        }
    }
}
