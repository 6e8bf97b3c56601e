import Foundation
import GateboardCore

/// Inventory fields and the template in the binary use case cache (cache format 7).
extension UseCaseBinary {
    static func writeFields(_ uc: UseCase, _ w: inout BinaryWriter) {
        w.optional(uc.template) { $0.string($1) }
        w.list(uc.fields.keys.sorted()) { w, k in
            w.string(k)
            switch uc.fields[k]! {
            case let .text(t): w.u8(0); w.string(t)
            case let .list(items): w.u8(1); w.list(items) { $0.string($1) }
            }
        }
    }

    static func readFields(_ r: inout BinaryReader, into uc: inout UseCase) throws(BinaryFormatError) {
        uc.template = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }
        let pairs = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) -> (String, FieldValue) in
            let k = try r.string()
            switch try r.u8() {
            case 0: return (k, .text(try r.string()))
            case 1: return (k, .list(try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }))
            default: throw BinaryFormatError()
            }
        }
        for (k, v) in pairs { uc.fields[k] = v }
    }
}
