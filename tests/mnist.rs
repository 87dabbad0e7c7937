//! The IDX loader: each malformed file in memory gets its exact message; the real data set has
//! the notes' shapes and MNIST's known label statistics.

mod common;
use backprop::mnist::{parse_images, parse_labels, Load, IMAGE_SIZE};
use std::path::Path;

/// An IDX image file: header (magic, count, rows, cols) and `pixels`.
fn image_file(magic: u32, count: u32, rows: u32, cols: u32, pixels: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for v in [magic, count, rows, cols] {
        bytes.extend_from_slice(&v.to_be_bytes());
    }
    bytes.extend((0..pixels).map(|i| (i % 256) as u8));
    bytes
}

fn label_file(magic: u32, count: u32, labels: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(&magic.to_be_bytes());
    bytes.extend_from_slice(&count.to_be_bytes());
    bytes.extend_from_slice(labels);
    bytes
}

#[track_caller]
fn image_error(bytes: &[u8]) -> String {
    parse_images(Path::new("data/train-images-idx3-ubyte"), bytes.to_vec()).unwrap_err().to_string()
}

#[track_caller]
fn label_error(bytes: &[u8]) -> String {
    parse_labels(Path::new("data/train-labels-idx1-ubyte"), bytes).unwrap_err().to_string()
}

#[test]
fn a_well_formed_image_file_parses() {
    let pixels = parse_images(Path::new("x"), image_file(2051, 2, 28, 28, 2 * IMAGE_SIZE)).unwrap();
    assert_eq!(pixels.len(), 2 * IMAGE_SIZE);
    assert_eq!(&pixels[..3], &[0, 1, 2]);
    assert_eq!(parse_labels(Path::new("y"), &label_file(2049, 3, &[7, 2, 1])).unwrap(), vec![7, 2, 1]);
}

#[test]
fn empty_file() {
    assert_eq!(image_error(&[]), "data/train-images-idx3-ubyte: the file is empty");
    assert_eq!(label_error(&[]), "data/train-labels-idx1-ubyte: the file is empty");
}

#[test]
fn short_header() {
    assert_eq!(
        image_error(&image_file(2051, 1, 28, 28, 0)[..10]),
        "data/train-images-idx3-ubyte: the file is 10 bytes, too short for the 16-byte header of an IDX image file"
    );
    assert_eq!(
        label_error(&[0, 0, 8, 1, 0]),
        "data/train-labels-idx1-ubyte: the file is 5 bytes, too short for the 8-byte header of an IDX label file"
    );
}

#[test]
fn bad_magic() {
    assert_eq!(
        image_error(&image_file(2049, 1, 28, 28, IMAGE_SIZE)),
        "data/train-images-idx3-ubyte: bad magic number 2049 (expected 2051 for an IDX image file)"
    );
    assert_eq!(
        label_error(&label_file(2051, 1, &[3])),
        "data/train-labels-idx1-ubyte: bad magic number 2051 (expected 2049 for an IDX label file)"
    );
}

#[test]
fn gzipped_file() {
    let gz = [0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    assert_eq!(image_error(&gz), "data/train-images-idx3-ubyte: the file is gzip-compressed, not a raw IDX file");
    let err = parse_images(Path::new("data/train-images-idx3-ubyte"), gz.to_vec()).unwrap_err();
    assert!(err.hint().contains("gunzip"), "{}", err.hint());
}

#[test]
fn wrong_dimensions() {
    assert_eq!(
        image_error(&image_file(2051, 1, 32, 32, 32 * 32)),
        "data/train-images-idx3-ubyte: images are 32x32 pixels, expected 28x28"
    );
}

#[test]
fn truncated_pixel_data() {
    assert_eq!(
        image_error(&image_file(2051, 2, 28, 28, IMAGE_SIZE + 100)),
        "data/train-images-idx3-ubyte: the file is 900 bytes but its header promises 2 images, which take 1584 bytes"
    );
    assert_eq!(
        label_error(&label_file(2049, 5, &[1, 2])),
        "data/train-labels-idx1-ubyte: the file is 10 bytes but its header promises 5 labels, which take 13 bytes"
    );
}

#[test]
fn a_label_that_is_not_a_digit() {
    assert_eq!(label_error(&label_file(2049, 3, &[1, 12, 3])), "data/train-labels-idx1-ubyte: label 1 is 12, not a digit 0-9");
}

#[test]
fn image_and_label_counts_must_agree() {
    let dir = common::temp_dir("count-mismatch");
    std::fs::write(dir.join("train-images-idx3-ubyte"), image_file(2051, 2, 28, 28, 2 * IMAGE_SIZE)).unwrap();
    std::fs::write(dir.join("train-labels-idx1-ubyte"), label_file(2049, 3, &[1, 2, 3])).unwrap();
    let err = backprop::mnist::load_mnist(
        &dir,
        backprop::mnist::Load { normalize: true, one_hot_label: true, ..backprop::mnist::Load::default() },
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        format!(
            "{}: holds 2 images but {} holds 3 labels",
            dir.join("train-images-idx3-ubyte").display(),
            dir.join("train-labels-idx1-ubyte").display()
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_data_folder_ends_the_binary_with_error_hint_and_exit_2() {
    let dir = common::temp_dir("missing");
    let out = common::command("gradcheck").arg("--data").arg(&dir).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.lines().next().unwrap(),
        format!("error: {}: file not found", dir.join("train-images-idx3-ubyte").display())
    );
    assert!(stderr.lines().nth(1).unwrap().starts_with("hint: run `make data`"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn real_mnist_has_the_notes_shapes_and_known_labels() {
    let Some(((x_train, t_train), (x_test, t_test))) = common::mnist("real_mnist_has_the_notes_shapes") else { return };
    assert_eq!(x_train.shape(), (60000, 784));
    assert_eq!(t_train.shape(), (60000, 10));
    assert_eq!(x_test.shape(), (10000, 784));
    assert_eq!(t_test.shape(), (10000, 10));
    assert_eq!(t_train.argmax_rows()[..10], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    let mut counts = [0usize; 10];
    for d in t_train.argmax_rows() {
        counts[d] += 1;
    }
    assert_eq!(counts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    for x in [x_train.to_matrix(), x_test.to_matrix()] {
        assert!(x.data.iter().all(|v| (0.0..=1.0).contains(v)), "pixels in [0, 1]");
        assert_eq!(x.data.iter().copied().fold(0.0, f64::max), 1.0, "255 maps to 1");
    }
    for t in [t_train, t_test] {
        for r in 0..t.rows {
            assert_eq!(t.row(r).iter().sum::<f64>(), 1.0, "one-hot row {r}");
        }
    }
}

#[test]
fn real_mnist_unflattened_and_label_forms() {
    if common::mnist("real_mnist_unflattened_and_label_forms").is_none() {
        return;
    }
    let ((x, t), _) = backprop::mnist::load_mnist(
        &backprop::lab::settings::data_dir(),
        Load { normalize: false, flatten: false, one_hot_label: false },
    )
    .unwrap();
    assert_eq!(x.shape(), (60000 * 28, 28));
    assert_eq!(t.shape(), (60000, 1));
    assert_eq!(t.data[..3], [5.0, 0.0, 4.0]);
    assert_eq!(x.to_matrix().data.iter().copied().fold(0.0, f64::max), 255.0, "raw pixels when not normalized");
    // Image 0 is rows 0..28; its row 14 has ink.
    assert!(x.to_matrix().row(14).iter().any(|&p| p > 0.0));
}
