import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * EPUBCheck for many EPUBs in one JVM (tests/suite/common/mod.rs starts it once per test
 * binary): prints the version, then for each path read from standard input one
 * line, `errors<TAB>warnings<TAB>messages` (fatal errors count as errors; the
 * messages' line ends become U+001F). Ends at the end of its input.
 */
public class EpubCheckServer {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        out.println("EPUBCheck " + EpubCheck.version());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String path;
        while ((path = in.readLine()) != null) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(captured, true, "UTF-8");
            PrintStream err = System.err;
            System.setOut(capture);
            System.setErr(capture);
            int errors;
            int warnings;
            try {
                DefaultReportImpl report = new DefaultReportImpl(path);
                new EpubCheck(new File(path), report).doValidate();
                errors = report.getErrorCount() + report.getFatalErrorCount();
                warnings = report.getWarningCount();
            } catch (Throwable t) {
                capture.println("EPUBCheck failed: " + t);
                errors = 1;
                warnings = 0;
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            String messages = captured.toString("UTF-8").replace('\t', ' ').replace('\n', '\u001f');
            out.println(errors + "\t" + warnings + "\t" + messages);
        }
    }
}
