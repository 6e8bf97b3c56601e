import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// The audit-line JSON reader is as strict as JSON: what another reader (jq, Python) would
/// read differently, or refuse, is refused here too, with where.
@Suite struct JSONLineEdgeTests {
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue { try JSONReader.parse(Array(text.utf8)) }

    static func refused(_ text: String) -> JSONSyntaxError? {
        do throws(JSONSyntaxError) {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["01", "-01", "00", "0.5e01x", ".5", "-.5", "5.", "+1", "1e", "1e+", "-", "--1", "1.2.3", "0x10",
                      "1e999", "-1e999", "[01]", "{\"n\":.5}"])
    func badNumbersAreRefused(_ text: String) {
        #expect(Self.refused(text) != nil, "\(text) was accepted")
    }

    @Test func goodNumbersAreRead() throws {
        #expect(try Self.parse("0") == .int(0))
        #expect(try Self.parse("-0") == .int(0))
        #expect(try Self.parse("10") == .int(10))
        #expect(try Self.parse("1.5e3") == .double(1500))
        #expect(try Self.parse("0.5") == .double(0.5))
        #expect(try Self.parse("-2E-2") == .double(-0.02))
        #expect(try Self.parse("9223372036854775807") == .int(Int.max))
    }

    @Test func duplicateKeysAreRefused() throws {
        let e = try #require(Self.refused(#"{"a":1,"a":2}"#))
        #expect(e.message.contains("duplicate key \"a\""))
        #expect(e.offset == 7)
        // Spelled differently, the same key.
        #expect(Self.refused(#"{"a":1,"\u0061":2}"#) != nil)
        #expect(Self.refused(#"{"x":{"b":true,"b":false}}"#) != nil)
        // The same key in two different objects is fine.
        #expect(Self.refused(#"{"a":{"a":1},"b":{"a":2},"c":[{"a":1},{"a":1}]}"#) == nil)
    }

    @Test func deepNestingIsRefusedWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.refused(deep)?.message == "nested too deeply")
        let objects = String(repeating: "{\"a\":", count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        #expect(Self.refused(objects)?.message == "nested too deeply")
        let fine = String(repeating: "[", count: 16) + String(repeating: "]", count: 16)
        #expect(Self.refused(fine) == nil)
    }

    @Test(arguments: [#""\x""#, #""\u12G4""#, #""\u12""#, #""\uD800""#, #""\uDC00x""#, #""\uD800\u0041""#,
                      #""\'""#, "\"tab\there\"", "\"unterminated", #""\"#, "\"bad \u{7F}\"x"])
    func invalidStringsAreRefused(_ text: String) {
        #expect(Self.refused(text) != nil, "\(text.debugDescription) was accepted")
    }

    @Test func invalidUTF8IsRefused() {
        for bytes: [UInt8] in [[0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
                               [0x22, 0xC0, 0xAF, 0x22]] {
            #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(bytes) }
        }
    }

    /// Through the audit-line decoder, whose reader streams members: a second `seq`, a second
    /// `actor`, a second `details.comment` — each made the last one count, silently.
    @Test func anAuditLineWithADuplicateKeyIsRefused() throws {
        let event = AuditEvent(seq: 3, id: "e3", at: Date(timeIntervalSince1970: 1_795_000_000), actor: "ana", osUser: "ana",
                               action: .comment, useCase: "UC-0001", details: EventDetails(comment: "fine"),
                               state: String(repeating: "a", count: 64), prev: String(repeating: "b", count: 64))
        let line = String(decoding: AuditEventCodec.encode(event), as: UTF8.self).trimmingCharacters(in: .newlines)
        #expect(throws: Never.self) { try AuditEventCodec.decode(Array(line.utf8)) }
        let forged = [
            line.replacingOccurrences(of: #""seq":3"#, with: #""seq":3,"seq":9"#),
            line.replacingOccurrences(of: #""actor":"ana""#, with: #""actor":"ana","actor":"omar""#),
            line.replacingOccurrences(of: #""comment":"fine""#, with: #""comment":"fine","comment":"forged""#),
            line.replacingOccurrences(of: #""seq":3"#, with: #""seq":3,"s\u0065q":9"#),
            line.replacingOccurrences(of: #""seq":3"#, with: #""seq":03"#),
        ]
        for f in forged {
            #expect(f != line)
            #expect(throws: AuditEventCodec.DecodeError.self, "\(f)") { try AuditEventCodec.decode(Array(f.utf8)) }
        }
    }
}
