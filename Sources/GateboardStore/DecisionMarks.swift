import Foundation
import GateboardCore

/// Signed decisions on the read paths: which of a use case's approvals, waivers and tier
/// override do not count, as `BoardStore.markSignatures` (`SignatureCheck.mark`, what `check`
/// uses) judged them from its log. Kept in the load cache beside the use case, valid while the
/// use case file, its log (by stamp) and the policy (by checksum) are the ones it was judged
/// with, so a load reads and verifies a log only when one of them changed. Like the rest of the
/// cache it is never evidence: `check` and every action verify from the files.
struct DecisionMarks: Equatable {
    /// The policy file (XXH64) whose keys and signing mode the marks were judged under.
    var policyDigest: UInt64
    /// The log's stamp when it was read (nil: there was no log to read).
    var log: FileStamp?
    /// The decisions that do not count, with why; every other one counts.
    var notCounting: [Mark]

    struct Mark: Equatable {
        enum Kind: UInt8 { case approval = 0, waiver = 1, tierOverride = 2 }
        var kind: Kind
        var index: Int
        var reason: String?
    }

    /// The marks a use case carries (after `markSignatures`).
    init(of uc: UseCase, policyDigest: UInt64, log: FileStamp?) {
        self.policyDigest = policyDigest
        self.log = log
        var out: [Mark] = []
        for (i, a) in uc.approvals.enumerated() where !a.signature.counts { out.append(Mark(kind: .approval, index: i, reason: a.signature.reason)) }
        for (i, w) in uc.waivers.enumerated() where !w.signature.counts { out.append(Mark(kind: .waiver, index: i, reason: w.signature.reason)) }
        if let o = uc.tierOverride, !o.signature.counts { out.append(Mark(kind: .tierOverride, index: 0, reason: o.signature.reason)) }
        notCounting = out
    }

    init(policyDigest: UInt64, log: FileStamp?, notCounting: [Mark]) {
        self.policyDigest = policyDigest
        self.log = log
        self.notCounting = notCounting
    }

    /// Whether these marks were judged with this policy and this log.
    func hold(policyDigest digest: UInt64, log stamp: FileStamp?) -> Bool { digest == policyDigest && stamp == log }

    /// Puts the marks on a use case read from the same file (nil when one does not fit it:
    /// then the marks are not this file's, and the log is read again).
    func applied(to uc: UseCase) -> UseCase? {
        var uc = uc
        for m in notCounting {
            let mark = SignatureMark(counts: false, reason: m.reason)
            switch m.kind {
            case .approval:
                guard uc.approvals.indices.contains(m.index) else { return nil }
                uc.approvals[m.index].signature = mark
            case .waiver:
                guard uc.waivers.indices.contains(m.index) else { return nil }
                uc.waivers[m.index].signature = mark
            case .tierOverride:
                guard uc.tierOverride != nil else { return nil }
                uc.tierOverride?.signature = mark
            }
        }
        return uc
    }

    func write(_ w: inout BinaryWriter) {
        w.u64(policyDigest)
        w.optional(log) { w, s in w.u64(s.dev); w.u64(s.ino); w.i64(s.size); w.i64(s.mtimeNs); w.i64(s.ctimeNs) }
        w.list(notCounting) { w, m in
            w.u8(m.kind.rawValue)
            w.int(m.index)
            w.optional(m.reason) { $0.string($1) }
        }
    }

    static func read(_ r: inout BinaryReader) throws(BinaryFormatError) -> DecisionMarks {
        let digest = try r.u64()
        let log = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in
            FileStamp(dev: try r.u64(), ino: try r.u64(), size: try r.i64(), mtimeNs: try r.i64(), ctimeNs: try r.i64())
        }
        let marks = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) -> Mark in
            guard let kind = Mark.Kind(rawValue: try r.u8()) else { throw BinaryFormatError() }
            return Mark(kind: kind, index: try r.int(), reason: try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() })
        }
        return DecisionMarks(policyDigest: digest, log: log, notCounting: marks)
    }
}

extension UseCase {
    /// Whether it holds a decision whose signature the read paths mark (`markSignatures`).
    var hasSignedDecisions: Bool { !approvals.isEmpty || !waivers.isEmpty || tierOverride != nil }
}
