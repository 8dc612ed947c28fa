import Foundation

/// How a timestamp is written on the wire.
public enum TimestampFormat: String, Sendable {
    /// `2015-01-01T00:00:00Z` (fractional seconds when present).
    case iso8601
    /// Seconds since 1970 as a number.
    case unixTimestamp
    /// The HTTP-date form, `Thu, 01 Jan 2015 00:00:00 GMT`.
    case rfc822
}

/// Fast, allocation-light timestamp formatting and parsing in UTC.
/// Written here because `ISO8601DateFormatter` and `DateFormatter` are slow, not `Sendable`,
/// and locale-dependent; AWS needs exactly three fixed formats.
public enum Timestamps {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func format(_ date: Date, as format: TimestampFormat) -> String {
        switch format {
        case .iso8601: iso8601(date)
        case .rfc822: httpDate(date)
        case .unixTimestamp: epochSecondsString(date)
        }
    }

    /// The instants a timestamp can name: 0001-01-01T00:00:00Z through 9999-12-31T23:59:59.999Z, the
    /// range of botocore's `datetime`. Wire values outside it (a year of 14 digits, `1e300`, `inf`)
    /// are rejected when parsed, so no later integer conversion can overflow.
    public static let representableSeconds: ClosedRange<Double> = -62_135_596_800 ... 253_402_300_799.999

    /// Whether `seconds` since 1970 is finite and inside `representableSeconds`.
    @inline(__always)
    public static func isRepresentable(_ seconds: Double) -> Bool {
        representableSeconds.contains(seconds)  // false for NaN too
    }

    /// A date's seconds since 1970, clamped into `representableSeconds` (NaN becomes 0), so that
    /// formatting a date a caller built from any Double never traps.
    @inline(__always)
    static func clampedSeconds(_ date: Date) -> Double {
        let seconds = date.timeIntervalSince1970
        if isRepresentable(seconds) { return seconds }
        if seconds.isNaN { return 0 }
        return seconds < 0 ? representableSeconds.lowerBound : representableSeconds.upperBound.rounded(.down)
    }

    static func epochSecondsString(_ date: Date) -> String {
        let seconds = clampedSeconds(date)
        if seconds == seconds.rounded() { return String(Int64(seconds)) }
        return String(format: "%.3f", seconds)
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, Int(m), Int(d))
    }

    static func days(fromCivil year: Int64, _ month: Int, _ day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private struct Parts {
        var year: Int64, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int, weekday: Int
    }

    private static func parts(_ date: Date) -> Parts {
        let total = clampedSeconds(date)
        var seconds = Int64(total.rounded(.down))
        var millisecond = Int(((total - Double(seconds)) * 1000).rounded())
        if millisecond == 1000 { seconds += 1; millisecond = 0 }
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let civil = civil(fromDays: days)
        let weekday = Int(((days % 7) + 7) % 7)
        return Parts(
            year: civil.year, month: civil.month, day: civil.day,
            hour: Int(rest / 3600), minute: Int(rest % 3600 / 60), second: Int(rest % 60),
            millisecond: millisecond, weekday: weekday
        )
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    public static func iso8601(_ date: Date) -> String {
        let p = parts(date)
        var text = "\(pad(Int(p.year), 4))-\(pad(p.month, 2))-\(pad(p.day, 2))T\(pad(p.hour, 2)):\(pad(p.minute, 2)):\(pad(p.second, 2))"
        if p.millisecond != 0 { text += "." + pad(p.millisecond, 3) }
        return text + "Z"
    }

    /// `20150830T123600Z`, the form SigV4 uses. Written digit by digit: it is on every request.
    public static func iso8601Basic(_ date: Date) -> String {
        let p = parts(date)
        var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: 16)
        func put(_ value: Int, at offset: Int, width: Int) {
            var value = value
            for position in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(Int(p.year), at: 0, width: 4)
        put(p.month, at: 4, width: 2)
        put(p.day, at: 6, width: 2)
        bytes[8] = UInt8(ascii: "T")
        put(p.hour, at: 9, width: 2)
        put(p.minute, at: 11, width: 2)
        put(p.second, at: 13, width: 2)
        bytes[15] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func httpDate(_ date: Date) -> String {
        let p = parts(date)
        return "\(weekdays[p.weekday]), \(pad(p.day, 2)) \(months[p.month - 1]) \(pad(Int(p.year), 4)) \(pad(p.hour, 2)):\(pad(p.minute, 2)):\(pad(p.second, 2)) GMT"
    }

    /// Parses any of the three AWS forms: epoch seconds, ISO 8601 (with or without fractional
    /// seconds and offset) or HTTP-date. Returns nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let needsTrim = text.utf8.first == 0x20 || text.utf8.last == 0x20
        let trimmed = needsTrim ? text.trimmingCharacters(in: .whitespaces) : text
        if let first = trimmed.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"), trimmed.utf8.count >= 19,
           let date = parseISO8601(trimmed) {
            return date
        }
        if let seconds = Double(trimmed), trimmed.first.map({ $0.isNumber || $0 == "-" }) == true, !trimmed.contains(":") {
            return isRepresentable(seconds) ? Date(timeIntervalSince1970: seconds) : nil
        }
        return parseISO8601(trimmed) ?? parseHTTPDate(trimmed)
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    static func parseISO8601(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(b[0..<4]), let month = number(b[5..<7]), let day = number(b[8..<10]),
              let hour = number(b[11..<13]), let minute = number(b[14..<16]), let second = number(b[17..<19]),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < b.count, (48...57).contains(b[index]) {
                fraction += Double(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
            if index == start { return nil }
        }
        var offset = 0
        if index < b.count {
            switch b[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = b[index] == UInt8(ascii: "-") ? -1 : 1
                guard b.count >= index + 6, b[index + 3] == UInt8(ascii: ":"),
                      let hours = number(b[(index + 1)..<(index + 3)]), let minutes = number(b[(index + 4)..<(index + 6)])
                else { return nil }
                offset = sign * (hours * 3600 + minutes * 60)
                index += 6
            default:
                return nil
            }
        }
        guard index == b.count else { return nil }
        let days = days(fromCivil: Int64(year), month, day)
        let seconds = Double(days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)) + fraction
        return isRepresentable(seconds) ? Date(timeIntervalSince1970: seconds) : nil
    }

    static func parseHTTPDate(_ text: String) -> Date? {
        // "Thu, 01 Jan 2015 00:00:00 GMT". Every field is bounded before any arithmetic: a header
        // is attacker-controlled text, and a 14-digit year once overflowed the day count.
        let fields = text.split(separator: " ")
        guard fields.count == 6, fields[5] == "GMT" || fields[5] == "UTC",
              fields[1].utf8.count <= 2, fields[3].utf8.count == 4,
              let day = number(ArraySlice(fields[1].utf8)), (1...31).contains(day),
              let monthIndex = months.firstIndex(of: String(fields[2])),
              let year = number(ArraySlice(fields[3].utf8)), year >= 1
        else { return nil }
        let time = fields[4].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 3, time.allSatisfy({ $0.utf8.count == 2 }),
              let hour = number(ArraySlice(time[0].utf8)), let minute = number(ArraySlice(time[1].utf8)),
              let second = number(ArraySlice(time[2].utf8)), hour < 24, minute < 60, second < 61
        else { return nil }
        let year64 = Int64(year)
        let days = days(fromCivil: year64, monthIndex + 1, day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + Int64(hour * 3600 + minute * 60 + second)))
    }
}
