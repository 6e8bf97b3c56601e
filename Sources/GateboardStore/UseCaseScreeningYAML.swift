import Foundation
import GateboardCore
import Yams

/// Risk screening in the use case file: `screening:` (question id → answer, as recorded) and
/// `tierOverride:` (by, at, reason, tier, proposed). Written only when set, so files of use
/// cases never screened are as before.
extension UseCaseEmitter {
    static let tierOverrideKeys = ["by", "at", "reason", "tier", "proposed"]

    static func screeningYAML(_ uc: UseCase) -> String {
        var o = ""
        if !uc.screening.isEmpty {
            o += "screening:\n"
            for k in uc.screening.keys.sorted() { o += "  " + YAMLScalar.key(k) + ": " + YAMLScalar.text(uc.screening[k]!) + "\n" }
        }
        if let t = uc.tierOverride {
            o += "tierOverride:\n"
            o += "  by: " + YAMLScalar.text(t.by) + "\n"
            o += "  at: " + YAMLScalar.text(Timestamp.format(t.at)) + "\n"
            o += "  reason: " + YAMLScalar.text(t.reason) + "\n"
            o += "  tier: " + YAMLScalar.text(t.tier) + "\n"
            o += "  proposed: " + YAMLScalar.text(t.proposed) + "\n"
        }
        return o
    }
}

extension UseCaseParser {
    static func screening(_ f: Fields, _ r: NodeReader, _ check: PolicyRefs, into uc: inout UseCase) {
        if let n = f["screening"] {
            for (id, _, value) in r.keyed(n, "screening") ?? [] {
                if let v = r.string(value, "screening.\(id)") { uc.screening[id] = v }
            }
        }
        if let n = f["tierOverride"], !NodeReader.isNull(n),
           let a = r.mapping(n, "tierOverride", known: UseCaseEmitter.tierOverrideKeys, required: UseCaseEmitter.tierOverrideKeys),
           UseCaseEmitter.tierOverrideKeys.allSatisfy({ a[$0] != nil }) {
            let tier = r.string(a["tier"]!, "tierOverride.tier", allowEmpty: false) ?? ""
            let proposed = r.string(a["proposed"]!, "tierOverride.proposed", allowEmpty: false) ?? ""
            check.tier(tier, a["tier"]!, "tierOverride.tier")
            check.tier(proposed, a["proposed"]!, "tierOverride.proposed")
            uc.tierOverride = TierOverride(by: check.personField(a, "by"), at: r.date(a["at"]!, "at") ?? .distantPast,
                                           reason: r.string(a["reason"]!, "reason") ?? "", tier: tier, proposed: proposed)
        }
    }
}

/// Screening in the binary cache.
extension UseCaseBinary {
    static func writeScreening(_ uc: UseCase, _ w: inout BinaryWriter) {
        w.stringMap(uc.screening)
        w.optional(uc.tierOverride) { w, t in w.string(t.by); w.date(t.at); w.string(t.reason); w.string(t.tier); w.string(t.proposed) }
    }

    static func readScreening(_ r: inout BinaryReader, into uc: inout UseCase) throws(BinaryFormatError) {
        uc.screening = try r.stringMap()
        uc.tierOverride = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in
            TierOverride(by: try r.string(), at: try r.date(), reason: try r.string(), tier: try r.string(), proposed: try r.string())
        }
    }
}

/// Risk screening fields of `details`: `answers` (question id → answer) on `create` and
/// `screen`, `proposed` (the tier the screening proposed) on `tier_override`. Written only
/// when set, so no line written before screening existed changes.
extension AuditEventCodec {
    static func encodeScreeningDetails(_ d: EventDetails, _ f: inout [(String, (inout JSONWriter) -> Void)]) {
        if let m = d.answers { f.append(("answers", { $0.stringMap(m) })) }
        if let p = d.proposed { f.append(("proposed", { $0.string(p) })) }
    }

    /// Reads one screening field into `d`; false when `key` is not one.
    static func decodeScreeningDetail(_ key: String, _ value: JSONValue, _ d: inout EventDetails) throws(DecodeError) -> Bool {
        switch key {
        case "answers":
            guard case .object(let ps) = value else { throw DecodeError(message: "details.answers is not an object") }
            var m: [String: String] = [:]
            for (k, v) in ps {
                guard let s = v.string else { throw DecodeError(message: "details.answers.\(k) is not text") }
                m[k] = s
            }
            d.answers = m
        case "proposed":
            guard let s = value.string else { throw DecodeError(message: "details.proposed is not text") }
            d.proposed = s
        default:
            return false
        }
        return true
    }
}
