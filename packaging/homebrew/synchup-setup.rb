# The Homebrew formula of synchup-setup, for the tap synchup/homebrew-tap
# (brew install synchup/tap/synchup-setup). Rendered at release by scripts/manifests from this
# template and the release's sha256.sum; the tap's copy is replaced at every release.
class SynchupSetup < Formula
  desc "@DESCRIPTION@"
  homepage "@HOMEPAGE@"
  version "@VERSION@"
  license "@LICENSE@"

  on_macos do
    on_arm do
      url "@DOWNLOAD@/synchup-setup-aarch64-apple-darwin.tar.xz"
      sha256 "@SHA256:synchup-setup-aarch64-apple-darwin.tar.xz@"
    end
    on_intel do
      url "@DOWNLOAD@/synchup-setup-x86_64-apple-darwin.tar.xz"
      sha256 "@SHA256:synchup-setup-x86_64-apple-darwin.tar.xz@"
    end
  end

  on_linux do
    on_intel do
      # The static build: it runs whatever the glibc.
      url "@DOWNLOAD@/synchup-setup-x86_64-unknown-linux-musl.tar.xz"
      sha256 "@SHA256:synchup-setup-x86_64-unknown-linux-musl.tar.xz@"
    end
  end

  def install
    bin.install "synchup-setup"
    # The archive's man pages and completions, where man and the shells look for them.
    man1.install Dir["man/man1/*.1"]
    bash_completion.install "completions/synchup-setup.bash" => "synchup-setup"
    zsh_completion.install "completions/_synchup-setup"
    fish_completion.install "completions/synchup-setup.fish"
  end

  test do
    assert_equal "synchup-setup #{version}", shell_output("#{bin}/synchup-setup --version").strip
    assert_path_exists man1/"synchup-setup.1"
    assert_path_exists man1/"synchup-setup-show.1"
    assert_path_exists bash_completion/"synchup-setup"
    assert_path_exists zsh_completion/"_synchup-setup"
    assert_path_exists fish_completion/"synchup-setup.fish"
  end
end
