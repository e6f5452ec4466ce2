import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.RuleId;

/** Validates PDF files against veraPDF profiles: java ValidatePdf 3a,ua1 FILE...; one line per file and profile. */
public final class ValidatePdf {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ValidatePdf FLAVOUR[,FLAVOUR...] FILE...");
            System.exit(2);
        }
        VeraGreenfieldFoundryProvider.initialise();
        List<PDFAFlavour> flavours = new ArrayList<>();
        for (String id : args[0].split(",")) {
            flavours.add(PDFAFlavour.fromString(id));
        }
        int bad = 0;
        for (int i = 1; i < args.length; i++) {
            for (PDFAFlavour flavour : flavours) {
                bad += check(new File(args[i]), flavour) ? 0 : 1;
            }
        }
        System.exit(bad == 0 ? 0 : 1);
    }

    private static boolean check(File file, PDFAFlavour flavour) {
        try (PDFAParser parser = Foundries.defaultInstance().createParser(file, flavour);
             PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false)) {
            ValidationResult result = validator.validate(parser);
            List<String> failed = new ArrayList<>();
            for (Map.Entry<RuleId, Integer> entry : result.getFailedChecks().entrySet()) {
                RuleId rule = entry.getKey();
                failed.add(rule.getClause() + "-" + rule.getTestNumber() + "(" + entry.getValue() + ")");
            }
            Collections.sort(failed);
            String verdict = result.isCompliant() ? "PASS " : "FAIL ";
            System.out.println(verdict + flavour.getId() + " " + file + (failed.isEmpty() ? "" : " " + String.join(" ", failed)));
            return result.isCompliant();
        } catch (Exception e) {
            System.out.println("ERROR " + flavour.getId() + " " + file + " " + e);
            return false;
        }
    }
}
