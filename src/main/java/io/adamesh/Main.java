package io.adamesh;

public final class Main {
    private Main() {}
    public static void main(String[] args) {
        System.out.println("AdaMesh");
    }
}
