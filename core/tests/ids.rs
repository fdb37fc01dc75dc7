use tracedeck_core::model::id::{TraceIdInputError, canonical_id, is_hex_id, parse_trace_id_input};

#[test]
fn short_hex_ids_are_lowercased_and_padded_to_16() {
    assert_eq!(canonical_id("ABCDEF0123456789"), "abcdef0123456789");
    assert_eq!(canonical_id("abc"), "0000000000000abc");
    assert_eq!(canonical_id("1"), "0000000000000001");
}

#[test]
fn long_hex_ids_are_padded_to_32() {
    let thirty_one = "f".repeat(31);
    assert_eq!(canonical_id(&thirty_one), format!("0{thirty_one}"));
    assert_eq!(
        canonical_id(&"A".repeat(17)),
        format!("{}{}", "0".repeat(15), "a".repeat(17))
    );
}

#[test]
fn ids_that_are_not_hex_are_kept_verbatim() {
    assert_eq!(canonical_id("trace-123"), "trace-123");
    assert_eq!(canonical_id(""), "");
    let thirty_three = "a".repeat(33);
    assert_eq!(canonical_id(&thirty_three), thirty_three);
    assert!(!is_hex_id("span-1"));
}

#[test]
fn typed_trace_ids_are_trimmed_and_canonicalised() {
    assert_eq!(
        parse_trace_id_input("  ABC \n").unwrap(),
        "0000000000000abc"
    );
    let full = "4a1b2c3d4e5f60718293a4b5c6d7e8f9";
    assert_eq!(parse_trace_id_input(full).unwrap(), full);
}

#[test]
fn typed_trace_ids_that_cannot_be_ids_say_why() {
    assert_eq!(parse_trace_id_input("   "), Err(TraceIdInputError::Empty));
    assert_eq!(
        parse_trace_id_input(&"a".repeat(33)),
        Err(TraceIdInputError::TooLong { digits: 33 })
    );
    let err = parse_trace_id_input("trace-123").unwrap_err();
    assert_eq!(err, TraceIdInputError::NotHex { found: 't' });
    assert!(err.to_string().contains("'t'"), "{err}");
    assert!(
        TraceIdInputError::Empty
            .to_string()
            .contains("1 to 32 hex digits")
    );
}
