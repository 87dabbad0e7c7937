//! Your own digit as a PGM file: P2 and P5 parsed, malformed files refused with their reason,
//! and a dark digit on a light page prepared as MNIST is (inverted, scaled, centred).

mod common;
use backprop::lab::pgm::{parse_pgm, to_mnist_input, Gray, PgmError};
use common::dark_bar_on_white;

/// A 5×4 P2 image with a comment in the header.
const P2: &[u8] = b"P2\n# a comment\n5 4\n# another\n255\n0 0 0 0 0\n0 255 128 0 0\n0 255 255 0 0\n0 0 0 0 0\n";

#[test]
fn a_p2_file_with_comments() {
    let g = parse_pgm(P2).unwrap();
    assert_eq!((g.width, g.height), (5, 4));
    assert_eq!(g.pixels[6], 1.0);
    assert_eq!(g.pixels[7], 128.0 / 255.0);
    // Saved on Windows, with CRLF line ends (comments included): the same image.
    let crlf = String::from_utf8(P2.to_vec()).unwrap().replace('\n', "\r\n");
    assert_eq!(parse_pgm(crlf.as_bytes()).unwrap(), g);
}

#[test]
fn a_p5_file_one_and_two_bytes_per_pixel() {
    let mut p5 = b"P5 3 2 255\n".to_vec();
    p5.extend_from_slice(&[0, 10, 255, 20, 30, 40]);
    let g = parse_pgm(&p5).unwrap();
    assert_eq!(g.pixels, [0.0, 10.0, 255.0, 20.0, 30.0, 40.0].map(|v| v / 255.0));
    let mut wide = b"P5\n2 1\n# deep\n65535\n".to_vec();
    wide.extend_from_slice(&[0xff, 0xff, 0x00, 0x01]);
    assert_eq!(parse_pgm(&wide).unwrap().pixels, vec![1.0, 1.0 / 65535.0]);
}

#[test]
fn malformed_pgm_files() {
    assert_eq!(parse_pgm(b"P6 1 1 255\n\0\0\0"), Err(PgmError::NotPgm));
    assert_eq!(parse_pgm(b"P6 1 1 255\n").unwrap_err().to_string(), "not a PGM image (it does not start with P2 or P5)");
    assert_eq!(parse_pgm(b"P2 3").unwrap_err().to_string(), "the PGM header has no valid height");
    assert_eq!(parse_pgm(b"P2 2 2 255 1 2 3").unwrap_err().to_string(), "the image should have 4 pixels but has 3");
    assert_eq!(parse_pgm(b"P5 2 2 255\n\x01\x02").unwrap_err().to_string(), "the image should have 4 pixels but has 2");
    assert_eq!(parse_pgm(b"P2 1 1 15 16").unwrap_err().to_string(), "pixel 0 is 16, above the maxval 15");
    assert_eq!(parse_pgm(b"P2 0 5 255").unwrap_err().to_string(), "the image is 0x5 pixels; sides from 1 to 4096 are accepted");
    assert_eq!(
        parse_pgm(b"P2 5000 5 255").unwrap_err().to_string(),
        "the image is 5000x5 pixels; sides from 1 to 4096 are accepted"
    );
}

#[test]
fn a_dark_digit_on_a_light_page_is_inverted_scaled_and_centred() {
    let (x, inverted) = to_mnist_input(&parse_pgm(&dark_bar_on_white(40, 60)).unwrap()).unwrap();
    assert!(inverted);
    assert_eq!(x.len(), 784);
    // The background became 0 (MNIST's black) and the bar light, in whole 0-255 values as MNIST's.
    assert_eq!(x[0], 0.0);
    assert!(x.iter().all(|&v| v.fract() == 0.0 && (0.0..=255.0).contains(&v)));
    assert!(x.iter().copied().fold(0.0, f64::max) > 230.0);
    // The bar is 20 pixels tall (the box fits 20×20) and centred: rows 4..24 hold ink.
    let rows_with_ink: Vec<usize> = (0..28).filter(|r| x[r * 28..(r + 1) * 28].iter().any(|&v| v > 127.0)).collect();
    assert_eq!(rows_with_ink.len(), 20, "{rows_with_ink:?}");
    assert!((3..=5).contains(&rows_with_ink[0]), "{rows_with_ink:?}");
    // Light ink on black stays as it is.
    let (_, inverted) = to_mnist_input(&parse_pgm(P2).unwrap()).unwrap();
    assert!(!inverted);
    assert_eq!(to_mnist_input(&parse_pgm(b"P2 2 2 255 0 0 0 0").unwrap()).unwrap_err(), PgmError::Blank);
}

#[test]
fn a_page_whose_few_marks_vanish_at_28_by_28_is_said_to_be_blank() {
    // The failure this guards against: a 2000×2000 white page with two dark pixels in its
    // corners was predicted as a digit, though the network's input was empty.
    let page = |marks: &[(usize, usize)]| {
        let (w, h) = (2000, 2000);
        let mut pixels = vec![1.0; w * h];
        for &(x, y) in marks {
            pixels[y * w + x] = 0.0;
        }
        Gray { width: w, height: h, pixels }
    };
    for marks in [[(0, 0), (1999, 1999)], [(5, 1990), (1990, 5)], [(0, 1000), (1999, 1000)], [(700, 3), (3, 1200)]] {
        let error = to_mnist_input(&page(&marks)).unwrap_err();
        assert_eq!(error, PgmError::FadedAway, "{marks:?}");
        assert_eq!(
            error.to_string(),
            "the image is blank once scaled to 28×28: its marks are too small or too far apart to make a digit"
        );
    }
    // One dark dot alone is scaled up to fill the box: a mark, not a blank.
    let (x, _) = to_mnist_input(&page(&[(1000, 1000)])).unwrap();
    assert!(x.iter().sum::<f64>() > 3.0 * 255.0);
}
