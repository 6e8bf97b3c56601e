import Foundation
import GateboardCore

/// A compact binary encoding of use cases for the load cache: little-endian integers,
/// length-prefixed UTF-8 strings, a presence byte for optionals. The reader checks every
/// bound and throws on anything off, so a damaged cache is rejected, never trusted.
struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func i64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int(_ v: Int) { i64(Int64(v)) }
    mutating func date(_ d: Date) { u64(d.timeIntervalSince1970.bitPattern) }
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
    mutating func optional<T>(_ v: T?, _ write: (inout BinaryWriter, T) -> Void) {
        if let v { u8(1); write(&self, v) } else { u8(0) }
    }
    mutating func list<T>(_ items: [T], _ write: (inout BinaryWriter, T) -> Void) {
        int(items.count)
        for item in items { write(&self, item) }
    }
    mutating func stringMap(_ m: [String: String]) {
        int(m.count)
        for k in m.keys.sorted() { string(k); string(m[k]!) }
    }
    mutating func day(_ d: Day) { int(d.year); int(d.month); int(d.day) }
}

struct BinaryFormatError: Error {}

struct BinaryReader {
    let bytes: UnsafeRawBufferPointer
    var at = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { at == bytes.count }

    mutating func need(_ n: Int) throws(BinaryFormatError) {
        if n < 0 || at + n > bytes.count { throw BinaryFormatError() }
    }
    mutating func u8() throws(BinaryFormatError) -> UInt8 {
        try need(1)
        defer { at += 1 }
        return bytes[at]
    }
    mutating func u64() throws(BinaryFormatError) -> UInt64 {
        try need(8)
        var v: UInt64 = 0
        withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + 8)])) }
        at += 8
        return UInt64(littleEndian: v)
    }
    mutating func i64() throws(BinaryFormatError) -> Int64 { Int64(bitPattern: try u64()) }
    mutating func int() throws(BinaryFormatError) -> Int { Int(try i64()) }
    mutating func count() throws(BinaryFormatError) -> Int {
        let n = try int()
        if n < 0 || n > bytes.count - at { throw BinaryFormatError() }
        return n
    }
    mutating func date() throws(BinaryFormatError) -> Date { Date(timeIntervalSince1970: Double(bitPattern: try u64())) }
    mutating func string() throws(BinaryFormatError) -> String {
        let n = try count()
        let raw = UnsafeRawBufferPointer(rebasing: bytes[at..<(at + n)])
        at += n
        // The cache is checksummed; decoding (which repairs, never traps) is enough here.
        return String(decoding: raw, as: UTF8.self)
    }
    mutating func optional<T>(_ read: (inout BinaryReader) throws(BinaryFormatError) -> T) throws(BinaryFormatError) -> T? {
        switch try u8() {
        case 0: return nil
        case 1: return try read(&self)
        default: throw BinaryFormatError()
        }
    }
    mutating func list<T>(_ read: (inout BinaryReader) throws(BinaryFormatError) -> T) throws(BinaryFormatError) -> [T] {
        let n = try count()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try read(&self)) }
        return out
    }
    mutating func stringMap() throws(BinaryFormatError) -> [String: String] {
        let n = try count()
        var m: [String: String] = [:]
        m.reserveCapacity(n)
        for _ in 0..<n {
            let k = try string()
            m[k] = try string()
        }
        return m
    }
    mutating func day() throws(BinaryFormatError) -> Day {
        Day(year: try int(), month: try int(), day: try int())
    }
}

/// `UseCase` ⇄ binary.
enum UseCaseBinary {
    static func write(_ uc: UseCase, _ w: inout BinaryWriter) {
        w.int(uc.schema); w.string(uc.id); w.string(uc.title); w.string(uc.problem); w.string(uc.metric)
        w.string(uc.tier); w.string(uc.stage); w.date(uc.stageEnteredAt)
        w.optional(uc.submittedBy) { $0.string($1) }
        w.date(uc.createdAt); w.string(uc.createdBy)
        w.stringMap(uc.owners); w.stringMap(uc.artifacts)
        w.int(uc.controls.count)
        for c in uc.controls.keys.sorted() {
            let s = uc.controls[c]!
            w.string(c)
            w.list(s.evidence) { w, e in
                w.string(e.ref); w.optional(e.note) { $0.string($1) }; w.string(e.by); w.date(e.at); w.optional(e.hash) { $0.string($1) }
            }
            w.list(s.attestations) { w, a in
                w.string(a.by); w.date(a.at); w.optional(a.note) { $0.string($1) }
                w.optional(a.onBehalfOf) { $0.string($1) }; w.optional(a.delegation) { $0.string($1) }
            }
        }
        w.list(uc.approvals) { w, a in
            w.string(a.person); w.string(a.role); w.date(a.at); w.optional(a.comment) { $0.string($1) }
            w.string(a.digest); w.stringMap(a.basis)
            w.optional(a.onBehalfOf) { $0.string($1) }; w.optional(a.delegation) { $0.string($1) }
        }
        w.list(uc.rejections) { w, r in
            w.string(r.person); w.string(r.role); w.date(r.at); w.string(r.comment); w.string(r.digest)
            w.optional(r.onBehalfOf) { $0.string($1) }; w.optional(r.delegation) { $0.string($1) }
        }
        w.list(uc.waivers) { w, x in w.string(x.control); w.string(x.by); w.string(x.reason); w.date(x.at); w.day(x.until) }
        w.optional(uc.halted) { w, h in w.string(h.by); w.date(h.at); w.string(h.reason); w.optional(h.incident) { $0.int($1) } }
        w.optional(uc.parked) { w, p in w.string(p.by); w.date(p.at); w.string(p.reason); w.day(p.review) }
        w.list(uc.escalations) { w, e in w.string(e.to); w.string(e.by); w.date(e.at); w.string(e.reason) }
        w.optional(uc.lastReviewAt) { $0.date($1) }
        writeIncidents(uc.incidents, &w)
        writeMonitors(uc.monitors, &w)
        writeScreening(uc, &w)
        writeFields(uc, &w)
        w.int(uc.audit.seq); w.string(uc.audit.head); w.int(uc.audit.bytes)
    }

    static func read(_ r: inout BinaryReader) throws(BinaryFormatError) -> UseCase {
        let schema = try r.int()
        let id = try r.string(), title = try r.string(), problem = try r.string(), metric = try r.string()
        let tier = try r.string(), stage = try r.string(), entered = try r.date()
        let submittedBy = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }
        let createdAt = try r.date(), createdBy = try r.string()
        var uc = UseCase(id: id, title: title, problem: problem, metric: metric, tier: tier, stage: stage, stageEnteredAt: entered,
                         submittedBy: submittedBy, createdAt: createdAt, createdBy: createdBy, schema: schema)
        uc.owners = try r.stringMap()
        uc.artifacts = try r.stringMap()
        let controls = try r.count()
        for _ in 0..<controls {
            let c = try r.string()
            let evidence = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in
                Evidence(ref: try r.string(), note: try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() },
                         by: try r.string(), at: try r.date(),
                         hash: try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() })
            }
            let attestations = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in
                Attestation(by: try r.string(), at: try r.date(), note: try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() },
                            onBehalfOf: try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() },
                            delegation: try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() })
            }
            uc.controls[c] = ControlState(evidence: evidence, attestations: attestations)
        }
        uc.approvals = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in
            var a = Approval(person: try r.string(), role: try r.string(), at: try r.date(),
                             comment: try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() },
                             digest: try r.string(), basis: try r.stringMap())
            a.onBehalfOf = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }
            a.delegation = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }
            return a
        }
        uc.rejections = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in
            var x = Rejection(person: try r.string(), role: try r.string(), at: try r.date(), comment: try r.string(), digest: try r.string())
            x.onBehalfOf = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }
            x.delegation = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }
            return x
        }
        uc.waivers = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in
            Waiver(control: try r.string(), by: try r.string(), reason: try r.string(), at: try r.date(), until: try r.day())
        }
        uc.halted = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in
            Halt(by: try r.string(), at: try r.date(), reason: try r.string(),
                 incident: try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.int() })
        }
        uc.parked = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in
            Park(by: try r.string(), at: try r.date(), reason: try r.string(), review: try r.day())
        }
        uc.escalations = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in
            Escalation(to: try r.string(), by: try r.string(), at: try r.date(), reason: try r.string())
        }
        uc.lastReviewAt = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.date() }
        uc.incidents = try readIncidents(&r)
        uc.monitors = try readMonitors(&r)
        try readScreening(&r, into: &uc)
        try readFields(&r, into: &uc)
        uc.audit = AuditAnchor(seq: try r.int(), head: try r.string(), bytes: try r.int())
        return uc
    }
}

/// `UseCaseRow` ⇄ binary (the cache's index).
enum UseCaseRowBinary {
    static func write(_ row: UseCaseRow, _ w: inout BinaryWriter) {
        w.string(row.id); w.string(row.title); w.string(row.stage); w.string(row.tier); w.date(row.stageEnteredAt)
        w.list(row.owners) { w, o in w.string(o.role); w.string(o.person) }
        w.u8(row.halted ? 1 : 0); w.u8(row.parked ? 1 : 0)
        w.optional(row.gate) { w, g in
            w.u64(g.policyDigest)
            w.optional(g.from) { $0.date($1) }
            w.optional(g.until) { $0.date($1) }
            w.u8(g.passed ? 1 : 0); w.int(g.blockers)
            w.optional(g.to) { $0.string($1) }
            w.list(g.notCounted) { $0.string($1) }
        }
    }

    static func read(_ r: inout BinaryReader) throws(BinaryFormatError) -> UseCaseRow {
        let id = try r.string(), title = try r.string(), stage = try r.string(), tier = try r.string(), entered = try r.date()
        let owners = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in RoleHolder(role: try r.string(), person: try r.string()) }
        let halted = try r.bool(), parked = try r.bool()
        let gate = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) -> GateSummary in
            let digest = try r.u64()
            let from = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.date() }
            let until = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.date() }
            let passed = try r.bool(), blockers = try r.int()
            let to = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }
            var g = GateSummary(passed: passed, blockers: blockers, to: to, from: from, until: until, policyDigest: digest)
            g.notCounted = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }
            return g
        }
        return UseCaseRow(id: id, title: title, stage: stage, tier: tier, stageEnteredAt: entered, owners: owners,
                          halted: halted, parked: parked, gate: gate)
    }
}

extension BinaryReader {
    mutating func skip(_ n: Int) throws(BinaryFormatError) {
        try need(n)
        at += n
    }

    mutating func bool() throws(BinaryFormatError) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw BinaryFormatError()
        }
    }
}
