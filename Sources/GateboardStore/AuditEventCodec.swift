import Foundation
import GateboardCore

/// One audit line ⇄ `AuditEvent`. The line is a JSON object with sorted camelCase keys:
/// `action, actor, at, details, id, osUser, prev, schema, seq, state, useCase`, then `realAt`
/// (only when the time was asserted) and `signature` (only when signed); `details`
/// holds only the fields the event sets, also sorted. No escaped slashes; control and
/// invisible characters escaped (`\u001b`), everything else raw UTF-8.
public enum AuditEventCodec {
    /// The line's bytes, without the newline.
    public static func encode(_ e: AuditEvent) -> [UInt8] {
        var w = JSONWriter()
        var fields: [(String, (inout JSONWriter) -> Void)] = [
            ("action", { $0.string(e.action.rawValue) }),
            ("actor", { $0.string(e.actor) }),
            ("at", { $0.string(Timestamp.format(e.at)) }),
            ("details", { encodeDetails(e.details, &$0) }),
            ("id", { $0.string(e.id) }),
            ("osUser", { $0.string(e.osUser) }),
            ("prev", { $0.string(e.prev) }),
            ("schema", { $0.int(e.schema) }),
            ("seq", { $0.int(e.seq) }),
            ("state", { $0.string(e.state) }),
            ("useCase", { $0.string(e.useCase) }),
        ]
        // Only when the time was asserted (GATEBOARD_NOW): lines of real-clock events are unchanged.
        if let real = e.realAt { fields.append(("realAt", { $0.string(Timestamp.format(real)) })) }
        // Only on signed events (signed decisions): the SSHSIG blob in base64.
        if let sig = e.signature { fields.append(("signature", { $0.string(sig) })) }
        w.object(fields)
        return w.out
    }

    static func encodeDetails(_ d: EventDetails, _ w: inout JSONWriter) {
        var f: [(String, (inout JSONWriter) -> Void)] = []
        func s(_ k: String, _ v: String?) { if let v { f.append((k, { $0.string(v) })) } }
        s("title", d.title); s("problem", d.problem); s("metric", d.metric); s("tier", d.tier)
        s("stage", d.stage); s("from", d.from); s("to", d.to); s("role", d.role); s("person", d.person)
        s("control", d.control); s("ref", d.ref); s("note", d.note); s("comment", d.comment); s("reason", d.reason)
        s("until", d.until?.description); s("review", d.review?.description); s("kind", d.kind?.rawValue)
        s("summary", d.summary); s("digest", d.digest)
        if let m = d.artifacts { f.append(("artifacts", { $0.stringMap(m) })) }
        if let m = d.basis { f.append(("basis", { $0.stringMap(m) })) }
        if let a = d.events { f.append(("events", { $0.stringArray(a) })) }
        encodeIncidentDetails(d, &f)
        encodeScreeningDetails(d, &f)
        encodeFieldDetails(d, &f)
        encodeDelegationDetails(d, &f)
        w.object(f)
    }

    public struct DecodeError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func decode(_ line: some ContiguousBytes) throws(DecodeError) -> AuditEvent {
        let result: Result<AuditEvent, DecodeError> = line.withUnsafeBytes { raw in
            do throws(DecodeError) { return .success(try decode(raw: raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Reads the line's members straight into the event (no intermediate JSON tree).
    /// For the chain check: `prev` compared with what it must be straight from its bytes, and
    /// `state` kept only when asked for; both are left empty in the event otherwise (two
    /// 64-character strings a line were a tenth of `verify`).
    struct ChainHooks {
        /// Whether these bytes are the `prev` the chain expects here.
        var prevMatches: (UnsafeRawBufferPointer) -> Bool
        var keepState: Bool
        /// Set by the decoder: whether `prev` matched.
        var prevOK = false
    }

    static func decode(raw: UnsafeRawBufferPointer) throws(DecodeError) -> AuditEvent {
        var none: ChainHooks?
        return try decode(raw: raw, hooks: &none)
    }

    static func decode(raw: UnsafeRawBufferPointer, hooks: inout ChainHooks?) throws(DecodeError) -> AuditEvent {
        var r = JSONReader(bytes: raw)
        var m = Members()
        do throws(JSONSyntaxError) {
            try m.read(&r, hooks: &hooks)
        } catch {
            throw DecodeError(message: "not valid JSON (\(error.message) at byte \(error.offset + 1))")
        }
        if hooks != nil, let prev = m.vPrev?.string, !prev.isEmpty {
            hooks!.prevOK = prev.utf8.withContiguousStorageIfAvailable { hooks!.prevMatches(UnsafeRawBufferPointer($0)) }
                ?? hooks!.prevMatches(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return try m.event()
    }

    /// A line's top-level members as read, before they are checked and typed.
    private struct Members {
        var vSchema, vSeq, vID, vActor, vOSUser, vUseCase, vState, vPrev, vDetails, vRealAt, vSignature: JSONValue?
        // `details` is read member by member straight into the struct when it is an object.
        var streamed: Result<EventDetails, DecodeError>?
        // `at` and `action` are read from their bytes when plain (as gateboard writes them).
        var at: Date?
        var action: EventAction?
        var atText: String?, actionText: String?

        /// The object's members, in one pass; the line must end after it.
        mutating func read(_ r: inout JSONReader, hooks: inout ChainHooks?) throws(JSONSyntaxError) {
            try r.expect(UInt8(ascii: "{"), "a JSON object")
            var first = true
            while let key = try r.nextKeyBytes(first: &first) {
                if key.is("at") {
                    if let raw = r.plainASCIIString() {
                        at = raw.withMemoryRebound(to: UInt8.self) { Timestamp.canonical($0) }
                        if at == nil { atText = String(decoding: raw, as: UTF8.self) }
                    } else {
                        let v = try r.value()
                        atText = v.string ?? ""
                    }
                    continue
                }
                if key.is("action") {
                    if let raw = r.plainASCIIString() {
                        action = AuditEventCodec.action(raw)
                        if action == nil { actionText = String(decoding: raw, as: UTF8.self) }
                    } else {
                        let v = try r.value()
                        actionText = v.string ?? ""
                    }
                    continue
                }
                if key.is("details"), r.peek == UInt8(ascii: "{") {
                    streamed = try AuditEventCodec.details(&r)
                    continue
                }
                if hooks != nil, key.is("prev"), let raw = r.plainASCIIString() {
                    hooks!.prevOK = hooks!.prevMatches(raw)
                    vPrev = .string("")
                    continue
                }
                if let h = hooks, !h.keepState, key.is("state"), r.plainASCIIString() != nil {
                    vState = .string("")
                    continue
                }
                let value = try r.value()
                if key.is("schema") { vSchema = value }
                else if key.is("seq") { vSeq = value }
                else if key.is("id") { vID = value }
                else if key.is("actor") { vActor = value }
                else if key.is("osUser") { vOSUser = value }
                else if key.is("useCase") { vUseCase = value }
                else if key.is("state") { vState = value }
                else if key.is("prev") { vPrev = value }
                else if key.is("details") { vDetails = value }
                else if key.is("realAt") { vRealAt = value }
                else if key.is("signature") { vSignature = value }
                else if key.is("signature") { vSignature = value }
                // unknown top-level fields from a newer minor version are ignored
            }
            r.skipSpace()
            if !r.atEnd { throw r.fail("unexpected text after the object") }
        }

        /// The event, each member checked for presence and type (the first problem thrown).
        func event() throws(DecodeError) -> AuditEvent {
            let schema = vSchema?.int, seq = vSeq?.int, id = vID?.string, actor = vActor?.string, osUser = vOSUser?.string
            let useCase = vUseCase?.string, state = vState?.string, prev = vPrev?.string
            var at = at, action = action
            if at == nil, let t = atText {
                guard let d = Timestamp.parse(t) else { throw DecodeError(message: "bad timestamp '\(t)'") }
                at = d
            }
            if action == nil, let t = actionText {
                guard let a = EventAction(rawValue: t) else { throw DecodeError(message: "unknown action '\(t)'") }
                action = a
            }
            var details: EventDetails?
            if let streamed { details = try streamed.get() }
            if let v = vDetails {
                guard case .object(let pairs) = v else { throw DecodeError(message: "field 'details' is not an object") }
                details = try decodeDetails(pairs)
            }
            guard let schema else { throw DecodeError(message: "missing field 'schema'") }
            if schema > AuditEvent.currentSchema {
                throw DecodeError(message: "event schema \(schema) is newer than this gateboard understands (\(AuditEvent.currentSchema))")
            }
            guard let seq else { throw DecodeError(message: "missing or non-numeric field 'seq'") }
            func need(_ v: String?, _ name: String) throws(DecodeError) -> String {
                guard let v else { throw DecodeError(message: "missing or non-text field '\(name)'") }
                return v
            }
            guard let action else { throw DecodeError(message: "missing or non-text field 'action'") }
            guard let at else { throw DecodeError(message: "missing or non-text field 'at'") }
            guard let details else { throw DecodeError(message: "missing field 'details'") }
            return AuditEvent(schema: schema, seq: seq, id: try need(id, "id"), at: at, actor: try need(actor, "actor"),
                              osUser: try need(osUser, "osUser"), action: action, useCase: try need(useCase, "useCase"),
                              details: details, state: try need(state, "state"), prev: try need(prev, "prev"),
                              realAt: try realAt(), signature: try signature())
        }

        /// `signature`, present only on signed events.
        func signature() throws(DecodeError) -> String? {
            guard let v = vSignature else { return nil }
            guard let t = v.string else { throw DecodeError(message: "field 'signature' is not text") }
            return t
        }

        /// `realAt`, present only on events recorded under an asserted clock.
        func realAt() throws(DecodeError) -> Date? {
            guard let v = vRealAt else { return nil }
            guard let t = v.string, let d = Timestamp.parse(t) else { throw DecodeError(message: "field 'realAt' is not a timestamp") }
            return d
        }
    }

    /// The action with this name (bytes), if any.
    static func action(_ raw: UnsafeRawBufferPointer) -> EventAction? {
        for a in EventAction.allCases {
            let name = a.rawValue.utf8
            if name.count == raw.count, name.elementsEqual(raw) { return a }
        }
        return nil
    }

    /// `details` read from the reader member by member (no list of pairs, no key strings).
    /// A syntax error throws; a field that is not as expected is returned as the failure, so
    /// the line's syntax is still checked to its end first.
    static func details(_ r: inout JSONReader) throws(JSONSyntaxError) -> Result<EventDetails, DecodeError> {
        try r.expect(UInt8(ascii: "{"), "an object")
        var pairs: [(String, JSONValue)] = []
        var d = EventDetails()
        var first = true
        while let key = try r.nextKeyBytes(first: &first) {
            let value = try r.value()
            // The common text fields directly; the rest through `decodeDetails`.
            if case .string(let text) = value {
                if key.is("comment") { d.comment = text; continue }
                if key.is("from") { d.from = text; continue }
                if key.is("to") { d.to = text; continue }
                if key.is("role") { d.role = text; continue }
                if key.is("person") { d.person = text; continue }
                if key.is("control") { d.control = text; continue }
                if key.is("ref") { d.ref = text; continue }
                if key.is("reason") { d.reason = text; continue }
            }
            pairs.append((key.text, value))
        }
        guard !pairs.isEmpty else { return .success(d) }
        do throws(DecodeError) {
            return .success(try decodeDetails(pairs, into: d))
        } catch {
            return .failure(error)
        }
    }

    static func decodeDetails(_ pairs: [(String, JSONValue)], into start: EventDetails = EventDetails()) throws(DecodeError) -> EventDetails {
        var d = start
        for (k, value) in pairs {
            func text() throws(DecodeError) -> String {
                guard let s = value.string else { throw DecodeError(message: "details.\(k) is not text") }
                return s
            }
            func map() throws(DecodeError) -> [String: String] {
                guard case .object(let ps) = value else { throw DecodeError(message: "details.\(k) is not an object") }
                var m: [String: String] = [:]
                for (mk, mv) in ps {
                    guard let s = mv.string else { throw DecodeError(message: "details.\(k).\(mk) is not text") }
                    m[mk] = s
                }
                return m
            }
            switch k {
            case "title": d.title = try text()
            case "problem": d.problem = try text()
            case "metric": d.metric = try text()
            case "tier": d.tier = try text()
            case "stage": d.stage = try text()
            case "from": d.from = try text()
            case "to": d.to = try text()
            case "role": d.role = try text()
            case "person": d.person = try text()
            case "control": d.control = try text()
            case "ref": d.ref = try text()
            case "note": d.note = try text()
            case "comment": d.comment = try text()
            case "reason": d.reason = try text()
            case "summary": d.summary = try text()
            case "digest": d.digest = try text()
            case "until":
                guard let day = Day(try text()) else { throw DecodeError(message: "details.until is not a date") }
                d.until = day
            case "review":
                guard let day = Day(try text()) else { throw DecodeError(message: "details.review is not a date") }
                d.review = day
            case "kind":
                guard let kind = ChangeKind(rawValue: try text()) else { throw DecodeError(message: "details.kind is not a change kind") }
                d.kind = kind
            case "artifacts": d.artifacts = try map()
            case "basis": d.basis = try map()
            case "events":
                guard case .array(let items) = value else { throw DecodeError(message: "details.events is not a list") }
                var ids: [String] = []
                for item in items {
                    guard let s = item.string else { throw DecodeError(message: "details.events holds a non-text item") }
                    ids.append(s)
                }
                d.events = ids
            default:
                if try decodeIncidentDetail(k, value, &d) { continue }
                if try decodeScreeningDetail(k, value, &d) { continue }
                if try decodeFieldDetail(k, value, &d) { continue }
                if try decodeDelegationDetail(k, value, &d) { continue }
                throw DecodeError(message: "unknown field details.\(k)")
            }
        }
        return d
    }
}
