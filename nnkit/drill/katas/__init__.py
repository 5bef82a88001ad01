"""The katas, one folder each (a package, so that its checks ship with nnkit); see nnkit/drill/kata.py."""
