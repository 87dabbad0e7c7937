//! Saving and loading a network: the round trip is exact, and every damaged file gets its message.

mod common;
use backprop::lab::params_file::{from_bytes, to_bytes};
use backprop::{Rng, TwoLayerNet};
use std::path::Path;

fn net() -> TwoLayerNet {
    TwoLayerNet::new(6, 4, 3, 0.5, &mut Rng::new(9))
}

#[track_caller]
fn load_error(bytes: &[u8]) -> String {
    from_bytes(Path::new("model.bin"), bytes).map(|_| ()).unwrap_err().to_string()
}

#[test]
fn save_then_load_is_bit_identical_and_predicts_the_same() {
    let dir = common::temp_dir("params-roundtrip");
    let path = dir.join("model.bin");
    let mut original = net();
    original.save_params(&path, false).unwrap();
    let mut loaded = TwoLayerNet::load_params(&path).unwrap();
    for ((name, a), (_, b)) in original.params().into_iter().zip(loaded.params()) {
        let bits = |m: &backprop::Matrix| m.data.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(a), bits(b), "{name}");
        assert_eq!(a.shape(), b.shape(), "{name}");
    }
    let x = common::randn(&mut Rng::new(1), 5, 6);
    assert_eq!(original.predict(&x), loaded.predict(&x));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_existing_file_is_not_overwritten_unless_asked() {
    let dir = common::temp_dir("params-overwrite");
    let path = dir.join("model.bin");
    std::fs::write(&path, b"precious").unwrap();
    let err = net().save_params(&path, false).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: already exists; not overwriting it", path.display()));
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
    net().save_params(&path, true).unwrap();
    assert!(TwoLayerNet::load_params(&path).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_truncated_file() {
    // 24-byte header + 8 × (6·4 + 4 + 4·3 + 3 = 43) + an 8-byte checksum = 376 bytes.
    let bytes = to_bytes(&net());
    assert_eq!(
        load_error(&bytes[..bytes.len() - 8]),
        "model.bin: the file is 368 bytes but a 6-4-3 network takes 376 bytes (truncated or damaged)"
    );
    assert_eq!(load_error(&bytes[..10]), "model.bin: the file is 10 bytes, shorter than the 24-byte header (truncated?)");
}

#[test]
fn a_foreign_file() {
    assert_eq!(
        load_error(b"\x89PNG\r\n\x1a\n and more bytes to pass the header"),
        "model.bin: not a TwoLayerNet parameter file (it does not start with DLFS5NET)"
    );
    assert_eq!(load_error(b"hello"), "model.bin: not a TwoLayerNet parameter file (it does not start with DLFS5NET)");
}

#[test]
fn a_wrong_version() {
    let mut bytes = to_bytes(&net());
    bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
    assert_eq!(load_error(&bytes), "model.bin: format version 3 is not supported (this program reads versions 1 and 2)");
}

#[test]
fn wrong_sizes() {
    let mut bytes = to_bytes(&net());
    bytes[16..20].copy_from_slice(&0u32.to_le_bytes());
    assert_eq!(load_error(&bytes), "model.bin: layer sizes 6-0-3 are not a valid network");
    let mut bytes = to_bytes(&net());
    bytes[16..20].copy_from_slice(&5u32.to_le_bytes());
    assert_eq!(load_error(&bytes), "model.bin: the file is 376 bytes but a 6-5-3 network takes 456 bytes (truncated or damaged)");
}

#[test]
fn a_nan_weight_in_a_file_without_checksum() {
    // Version 1 (no checksum): the header's version set to 1 and the checksum dropped.
    let mut bytes = to_bytes(&net());
    bytes.truncate(bytes.len() - 8);
    bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
    bytes[24..32].copy_from_slice(&f64::NAN.to_le_bytes());
    assert_eq!(load_error(&bytes), "model.bin: W1[0] is NaN, not a finite number");
}

#[test]
fn a_flipped_byte_is_found_by_the_checksum() {
    let mut bytes = to_bytes(&net());
    bytes[200] ^= 0x10;
    assert_eq!(load_error(&bytes), "model.bin: the checksum does not match: the file is damaged");
}

#[test]
fn a_version_1_file_still_loads_with_a_note() {
    let dir = common::temp_dir("params-version-1");
    let path = dir.join("old.bin");
    let mut bytes = to_bytes(&net());
    bytes.truncate(bytes.len() - 8);
    bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let (loaded, note) = backprop::lab::params_file::load(&path).unwrap();
    assert_eq!(loaded.params()[0].1, net().params()[0].1);
    assert_eq!(
        note.unwrap(),
        format!("{} is a version-1 file, which carries no checksum: damage in it cannot be detected (saving it again writes version 2)", path.display())
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_train_binary_keeps_an_existing_save_path() {
    let dir = common::temp_dir("params-train-save");
    let path = dir.join("mine.bin");
    std::fs::write(&path, b"precious").unwrap();
    let out = common::command("train")
        .args(["--iters-num", "1", "--save", path.to_str().unwrap(), "--out", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().next().unwrap(), format!("error: {}: already exists; not overwriting it", path.display()));
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
    let _ = std::fs::remove_dir_all(&dir);
}
