package dev.lakehouse.generator.simulation;

import dev.lakehouse.events.catalog.PriceChanged;
import dev.lakehouse.events.catalog.ProductCreated;
import dev.lakehouse.events.catalog.ProductDiscontinued;
import dev.lakehouse.events.clickstream.CartItemAdded;
import dev.lakehouse.events.clickstream.CartItemRemoved;
import dev.lakehouse.events.clickstream.CheckoutStarted;
import dev.lakehouse.events.clickstream.PageType;
import dev.lakehouse.events.clickstream.PageViewed;
import dev.lakehouse.events.clickstream.ProductViewed;
import dev.lakehouse.events.clickstream.SearchPerformed;
import dev.lakehouse.events.common.Device;
import dev.lakehouse.events.common.Money;
import dev.lakehouse.events.common.SessionContext;
import dev.lakehouse.events.customers.ConsentUpdated;
import dev.lakehouse.events.customers.CustomerLoggedIn;
import dev.lakehouse.events.customers.CustomerRegistered;
import dev.lakehouse.events.customers.ErasureRequested;
import dev.lakehouse.events.customers.ProfileUpdated;
import dev.lakehouse.events.inventory.StockAdjusted;
import dev.lakehouse.events.inventory.StockReleased;
import dev.lakehouse.events.inventory.StockReserved;
import dev.lakehouse.events.inventory.StockRestocked;
import dev.lakehouse.events.orders.OrderCancelled;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPaid;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.events.orders.OrderRefunded;
import dev.lakehouse.events.orders.OrderShipped;
import dev.lakehouse.events.orders.PaymentMethod;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.Experiment;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.model.Ids;
import dev.lakehouse.generator.model.Incident;
import dev.lakehouse.generator.model.Tastes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulated store as a discrete-event simulation: a queue of timed tasks (visits arriving,
 * a visit's next step, an order's payment or shipment, catalog and account changes), each of
 * which changes the store and emits the events that say so. One seeded generator makes every
 * choice, in task order, so a seed and settings always give the same stream; no wall clock is
 * read here.
 */
public final class Simulation {

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final int RESTOCK_BELOW = 15;
    private static final String SHOP = "https://shop.example.com";

    private record Task(long at, long seq, Runnable action) {}

    private record Line(Product product, int quantity, long unitCents) {}

    private record Order(String id, Customer customer, List<Line> lines, long totalCents) {}

    private final GeneratorSettings settings;
    private final SplittableRandom random;
    private final EventFactory events;
    private final Store store = new Store();
    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final ArrayDeque<Emission> out = new ArrayDeque<>();
    private long seq;
    private long now;
    private long sessions;
    private volatile double intensity = 1.0;
    private final int openingEvents;
    private final Experiment experiment;
    private final Map<String, Long> sessionsPerVariant = new TreeMap<>();
    private final Tastes tastes;
    private final Map<String, List<String>> favouritesByCustomer = new TreeMap<>();
    private final Map<Product, Product> complements = new java.util.HashMap<>();
    private final Map<String, String> complementIds = new TreeMap<>();
    // Incidents under way (counters: windows of one kind may overlap) and the prices a pricing error broke.
    private int paymentOutages;
    private int botSwarms;
    private final Map<Product, Long> mispriced = new java.util.LinkedHashMap<>();
    private final List<Product> mispricedList = new ArrayList<>();
    private static final String BOT_AGENT = "Mozilla/5.0 (compatible; PriceWatchBot/2.1; +http://scraper.example.net)";

    public Simulation(GeneratorSettings settings) {
        this.settings = settings;
        this.experiment = settings.experiment();
        this.tastes = settings.tastes();
        this.random = new SplittableRandom(settings.seed());
        this.events = new EventFactory(random, settings.currency());
        this.now = settings.from().toEpochMilli();
        openStore();
        openingEvents = out.size();
        schedule(now, this::arrival);
        scheduleEvery(settings.catalogChangesPerDay(), this::changePrice);
        scheduleEvery(settings.catalogChangesPerDay() / 10, this::launchProduct);
        scheduleEvery(settings.catalogChangesPerDay() / 10, this::discontinueProduct);
        scheduleEvery(settings.erasuresPerDay(), this::requestErasure);
        scheduleEvery(20, this::updateProfile);
        scheduleEvery(12, this::adjustStock);
        for (Incident incident : settings.incidents()) {
            long start = now + incident.start().toMillis();
            schedule(start, () -> begin(incident.kind()));
            schedule(start + incident.duration().toMillis(), () -> end(incident.kind()));
        }
    }

    /** The next event, in simulated-time order. The stream never ends: the caller decides when to stop. */
    public Emission next() {
        while (out.isEmpty()) {
            Task task = tasks.poll();
            now = task.at;
            task.action.run();
        }
        return out.poll();
    }

    /** How many events the store's opening makes (catalog, stock, customer base): the first of the stream. */
    public int openingEvents() {
        return openingEvents;
    }

    /** Simulated time of the last task run, epoch millis. */
    public long now() {
        return now;
    }

    public long sessionsStarted() {
        return sessions;
    }

    /** Sessions started per variant of the settings' experiment (none without one): part of the run's truth. */
    public Map<String, Long> sessionsPerVariant() {
        return new TreeMap<>(sessionsPerVariant);
    }

    /**
     * Scales the visit rate from now on (real-time runs follow a changed target rate this way).
     * A run whose intensity is changed is no longer reproducible from its seed alone.
     */
    public void setIntensity(double factor) {
        if (factor <= 0) {
            throw new IllegalArgumentException("intensity must be positive");
        }
        this.intensity = factor;
    }

    // ---- scheduling ----

    private void schedule(long at, Runnable action) {
        tasks.add(new Task(at, seq++, action));
    }

    private long exponential(double meanMillis) {
        return (long) Math.ceil(-Math.log(1 - random.nextDouble()) * meanMillis);
    }

    private long between(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min));
    }

    /** A Poisson process of {@code perDay} occurrences per simulated day. */
    private void scheduleEvery(double perDay, Runnable action) {
        if (perDay <= 0) {
            return;
        }
        double mean = DAY / perDay;
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            action.run();
            schedule(now + exponential(mean), self[0]);
        };
        schedule(now + exponential(mean), self[0]);
    }

    private void emit(Emission emission) {
        out.add(emission);
    }

    // ---- opening: the catalog, its stock and the customer base exist before the first visit ----

    private void openStore() {
        for (int i = 0; i < settings.products(); i++) {
            addProduct(200 + random.nextInt(400));
        }
        for (int i = 0; i < settings.customers(); i++) {
            register(store.newSegment(random), context(), null);
        }
    }

    private void addProduct(int initialStock) {
        Product product = store.newProduct(random);
        store.addProduct(product);
        emit(events.catalog(
                now,
                product.id,
                new ProductCreated(
                        product.sku, product.name, product.category, product.brand, money(product.priceCents)),
                money(product.priceCents)));
        product.stock = initialStock;
        emit(events.inventory(now, product, new StockRestocked("po-" + Ids.uuid(random), initialStock)));
    }

    private Customer register(
            dev.lakehouse.events.customers.Segment segment, SessionContext context, String visitorId) {
        String first = Names.FIRST[random.nextInt(Names.FIRST.length)];
        String last = Names.LAST[random.nextInt(Names.LAST.length)];
        String country = Names.country(random);
        String id = "c-" + Ids.uuid(random);
        String email = (first + "." + last + "." + (1000 + random.nextInt(9000)))
                        .toLowerCase()
                        .replace(' ', '-') + "@example.com";
        Customer customer =
                new Customer(id, visitorId != null ? visitorId : "v-" + Ids.uuid(random), segment, country, email);
        store.addCustomer(customer);
        if (tastes.on()) {
            favourites(customer, drawFavourites());
        }
        emit(events.customer(
                now,
                id,
                new CustomerRegistered(email, first, last, country, segment, random.nextDouble() < 0.6, context)));
        return customer;
    }

    // ---- visits ----

    private void arrival() {
        // Thinning: candidates at the peak rate, kept in proportion to the seasonal intensity.
        double peakPerMs = settings.sessionsPerHour() * intensity * Seasonality.PEAK / HOUR;
        if (random.nextDouble() * Seasonality.PEAK < Seasonality.factor(now)) {
            startSession();
        }
        schedule(now + exponential(1 / peakPerMs), this::arrival);
    }

    private void startSession() {
        sessions++;
        Customer customer = random.nextDouble() < settings.returningShare() ? store.returningCustomer(random) : null;
        boolean known = customer != null;
        Store.SegmentProfile profile = store.profile(known ? customer.segment : store.newSegment(random));
        // In an experiment the session id is drawn first: its variant (a hash of the id) sets the chance to
        // order. Without one the draws keep their old order, so the stream is the one it always was.
        String id = experiment.on() ? "s-" + Ids.uuid(random) : null;
        double conversion = settings.conversionRate();
        if (id != null) {
            String variant = experiment.variant(id);
            sessionsPerVariant.merge(variant, 1L, Long::sum);
            conversion = experiment.conversion(variant, conversion);
        }
        Session.Intent intent = Session.intent(random, conversion, settings.cartAbandonmentRate());
        List<Session.Step> plan = Session.plan(random, intent, profile, known, random.nextDouble() < 0.6);
        String visitor = known ? customer.visitorId : "v-" + Ids.uuid(random);
        if (id == null) {
            id = "s-" + Ids.uuid(random);
        }
        Session session = new Session(id, visitor, customer, context(), intent, plan);
        if (tastes.on()) {
            // A new visitor has tastes too: they become the customer's if the visitor registers.
            session.favourites = customer != null ? customer.favourites : drawFavourites();
        }
        step(session);
    }

    private void step(Session s) {
        if (s.customer != null && s.customer.erased) {
            return; // an erased account's visit ends: no events may carry its id any more
        }
        Session.Step step = s.plan.get(s.next++);
        switch (step) {
            case LANDING ->
                page(
                        s,
                        s.context.getUtmCampaign() != null ? PageType.CATEGORY : PageType.HOME,
                        s.context.getUtmCampaign() != null
                                ? "/c/" + Store.CATEGORIES[random.nextInt(Store.CATEGORIES.length)].name()
                                : "/");
            case CATEGORY -> page(s, PageType.CATEGORY, "/c/" + store.browseProduct(random).category);
            case SEARCH -> search(s);
            case PRODUCT -> viewProduct(s);
            case ADD -> addToCart(s);
            case REMOVE -> removeFromCart(s);
            case CART -> page(s, PageType.CART, "/cart");
            case LOGIN -> login(s);
            case REGISTER -> {
                page(s, PageType.ACCOUNT, "/account/register");
                s.customer = register(store.profile(store.newSegment(random)).segment(), s.context, s.visitorId);
                if (s.favourites != null) {
                    favourites(s.customer, s.favourites);
                }
                login(s);
            }
            case CHECKOUT -> checkout(s);
            case ORDER -> placeOrder(s);
        }
        if (s.next < s.plan.size()) {
            // Think time between clicks: mostly seconds, sometimes a minute or two.
            // Bots click every couple of seconds.
            schedule(now + 1 + exponential(s.bot ? 2 * SECOND : 25 * SECOND), () -> step(s));
        }
    }

    private void page(Session s, PageType type, String path) {
        emit(events.click(
                now, s.id, s.visitorId, s.customerIdIfLoggedIn(), s.context, new PageViewed(type, SHOP + path), null));
    }

    private void search(Session s) {
        Product p = store.browseProduct(random);
        double r = random.nextDouble();
        String query =
                r < 0.4 ? p.noun : r < 0.7 ? p.category : r < 0.95 ? p.brand.toLowerCase() : p.noun.substring(1) + "x";
        emit(events.click(
                now,
                s.id,
                s.visitorId,
                s.customerIdIfLoggedIn(),
                s.context,
                new SearchPerformed(query, store.searchResults(query)),
                null));
    }

    private void viewProduct(Session s) {
        // During a pricing error word gets round: a third of product views go to the bargains.
        boolean rush = !mispricedList.isEmpty() && random.nextDouble() < 0.3;
        if (rush) {
            viewProduct(s, mispricedList.get(random.nextInt(mispricedList.size())));
        } else if (s.favourites != null && random.nextDouble() < tastes.strength()) {
            viewProduct(s, store.browseInCategory(random, s.favourites[random.nextDouble() < 0.7 ? 0 : 1]));
        } else {
            viewProduct(s, store.browseProduct(random));
        }
    }

    private void viewProduct(Session s, Product p) {
        s.lastViewed = p;
        Money price = money(p.priceCents);
        emit(events.click(
                now, s.id, s.visitorId, s.customerIdIfLoggedIn(), s.context, new ProductViewed(p.id, price), price));
    }

    private void addToCart(Session s) {
        Product p = s.lastViewed;
        if (p == null || !p.active || p.stock == 0) {
            // What was viewed is gone or sold out: the shopper settles for something else in stock.
            p = store.anyActiveProduct(random);
            for (int tries = 0; p.stock == 0 && tries < 10; tries++) {
                p = store.anyActiveProduct(random);
            }
            viewProduct(s, p);
        }
        if (s.cartId == null) {
            s.cartId = "cart-" + Ids.uuid(random);
        }
        double r = random.nextDouble();
        int quantity = r < 0.75 ? 1 : r < 0.95 ? 2 : 3;
        s.cart.merge(p, quantity, Integer::sum);
        Money price = money(p.priceCents);
        emit(events.click(
                now,
                s.id,
                s.visitorId,
                s.customerIdIfLoggedIn(),
                s.context,
                new CartItemAdded(s.cartId, p.id, quantity, price),
                price));
        if (tastes.complementRate() > 0 && !s.bot && random.nextDouble() < tastes.complementRate()) {
            Product complement = complement(p);
            if (complement != null && complement.active && complement.stock > 0 && !s.cart.containsKey(complement)) {
                viewProduct(s, complement);
                s.cart.put(complement, 1);
                Money complementPrice = money(complement.priceCents);
                emit(events.click(
                        now,
                        s.id,
                        s.visitorId,
                        s.customerIdIfLoggedIn(),
                        s.context,
                        new CartItemAdded(s.cartId, complement.id, 1, complementPrice),
                        complementPrice));
            }
        }
    }

    // ---- tastes: the truth a recommender is graded against ----

    private String[] drawFavourites() {
        int n = Store.CATEGORIES.length;
        int first = random.nextInt(n);
        int second = (first + 1 + random.nextInt(n - 1)) % n;
        return new String[] {Store.CATEGORIES[first].name(), Store.CATEGORIES[second].name()};
    }

    private void favourites(Customer customer, String[] favourites) {
        customer.favourites = favourites;
        favouritesByCustomer.put(customer.id, List.of(favourites));
    }

    /**
     * The product bought with {@code p}: one of the paired category (categories pair up in their listed
     * order: 0 with 1, 2 with 3, ...), picked once per product and again only if it is discontinued.
     */
    private Product complement(Product p) {
        Product c = complements.get(p);
        if (c == null || !c.active) {
            int index = 0;
            while (!Store.CATEGORIES[index].name().equals(p.category)) {
                index++;
            }
            c = store.browseInCategory(random, Store.CATEGORIES[index ^ 1].name());
            if (c == p) {
                return null;
            }
            complements.put(p, c);
            complementIds.put(p.id, c.id);
        }
        return c;
    }

    /** Customer id -> favourite categories, product id -> complement: empty without tastes. */
    public Map<String, List<String>> favouriteCategories() {
        return new TreeMap<>(favouritesByCustomer);
    }

    public Map<String, String> complements() {
        return new TreeMap<>(complementIds);
    }

    private void removeFromCart(Session s) {
        if (s.cart.size() < 2) {
            return;
        }
        Product p = new ArrayList<>(s.cart.keySet()).get(random.nextInt(s.cart.size()));
        int quantity = s.cart.remove(p);
        emit(events.click(
                now,
                s.id,
                s.visitorId,
                s.customerIdIfLoggedIn(),
                s.context,
                new CartItemRemoved(s.cartId, p.id, quantity),
                null));
    }

    private void login(Session s) {
        s.loggedIn = true;
        emit(events.customer(now, s.customer.id, new CustomerLoggedIn(s.id, s.context)));
    }

    private void checkout(Session s) {
        int items = 0;
        long value = 0;
        for (Map.Entry<Product, Integer> e : s.cart.entrySet()) {
            items += e.getValue();
            value += e.getValue() * e.getKey().priceCents;
        }
        Money cartValue = money(value);
        emit(events.click(
                now,
                s.id,
                s.visitorId,
                s.customerIdIfLoggedIn(),
                s.context,
                new CheckoutStarted(s.cartId, items, cartValue),
                cartValue));
    }

    // ---- orders and stock ----

    private void placeOrder(Session s) {
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<Product, Integer> e : s.cart.entrySet()) {
            Product p = e.getKey();
            int quantity = p.active ? Math.min(e.getValue(), p.stock) : 0;
            if (quantity < e.getValue()) {
                // Sold out or discontinued since it went into the cart: the shop takes it out.
                emit(events.click(
                        now,
                        s.id,
                        s.visitorId,
                        s.customerIdIfLoggedIn(),
                        s.context,
                        new CartItemRemoved(s.cartId, p.id, e.getValue() - quantity),
                        null));
            }
            if (quantity > 0) {
                lines.add(new Line(p, quantity, p.priceCents));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        String orderId = "o-" + Ids.uuid(random);
        List<OrderLine> orderLines = new ArrayList<>(lines.size());
        long subtotal = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            long lineTotal = line.unitCents * line.quantity;
            subtotal += lineTotal;
            orderLines.add(
                    new OrderLine(i + 1, line.product.id, line.quantity, money(line.unitCents), money(lineTotal)));
        }
        long shipping = subtotal >= 5000 ? 0 : 490;
        long tax = Math.round((subtotal + shipping) * 0.19);
        long total = subtotal + shipping + tax;
        Money totalMoney = money(total);
        emit(events.order(
                now,
                orderId,
                s.customer.id,
                new OrderPlaced(
                        s.id, orderLines, money(subtotal), money(shipping), money(tax), totalMoney, s.customer.country),
                totalMoney));
        for (Line line : lines) {
            line.product.stock -= line.quantity;
            emit(events.inventory(now, line.product, new StockReserved(orderId, line.quantity)));
            restockIfLow(line.product);
        }
        Order order = new Order(orderId, s.customer, lines, total);
        schedule(now + between(30 * SECOND, 5 * MINUTE), () -> pay(order));
    }

    private void pay(Order order) {
        if (paymentOutages > 0) {
            cancel(order, "payment provider unavailable", false);
            return;
        }
        if (random.nextDouble() < 0.04) {
            cancel(order, "payment declined", false);
            return;
        }
        double r = random.nextDouble();
        PaymentMethod method = r < 0.55
                ? PaymentMethod.CARD
                : r < 0.85 ? PaymentMethod.PAYPAL : r < 0.95 ? PaymentMethod.BANK_TRANSFER : PaymentMethod.GIFT_CARD;
        Money amount = money(order.totalCents);
        emit(events.order(
                now, order.id, order.customer.id, new OrderPaid("pay-" + Ids.uuid(random), method, amount), amount));
        if (random.nextDouble() < 0.03) {
            schedule(now + between(HOUR, 20 * HOUR), () -> cancel(order, "customer request", true));
        } else {
            schedule(now + between(6 * HOUR, 60 * HOUR), () -> ship(order));
        }
    }

    private void cancel(Order order, String reason, boolean paid) {
        emit(events.order(now, order.id, order.customer.id, new OrderCancelled(reason), null));
        for (Line line : order.lines) {
            line.product.stock += line.quantity;
            emit(events.inventory(now, line.product, new StockReleased(order.id, line.quantity, reason)));
        }
        if (paid) {
            Money amount = money(order.totalCents);
            emit(events.order(
                    now,
                    order.id,
                    order.customer.id,
                    new OrderRefunded("ref-" + Ids.uuid(random), amount, "cancelled before shipping"),
                    amount));
        }
    }

    private void ship(Order order) {
        String carrier = random.nextDouble() < 0.5 ? "DHL" : random.nextDouble() < 0.5 ? "UPS" : "DPD";
        emit(events.order(
                now,
                order.id,
                order.customer.id,
                new OrderShipped(
                        carrier, carrier.charAt(0) + Long.toString(1_000_000_000L + random.nextLong(9_000_000_000L))),
                null));
        if (random.nextDouble() < 0.07) {
            schedule(now + between(3 * DAY, 14 * DAY), () -> returnItem(order));
        }
    }

    private void returnItem(Order order) {
        Line line = order.lines.get(random.nextInt(order.lines.size()));
        long cents = order.lines.size() == 1 ? order.totalCents : Math.round(line.unitCents * line.quantity * 1.19);
        Money amount = money(cents);
        emit(events.order(
                now,
                order.id,
                order.customer.id,
                new OrderRefunded("ref-" + Ids.uuid(random), amount, "returned"),
                amount));
    }

    private void restockIfLow(Product p) {
        if (p.stock >= RESTOCK_BELOW || p.restockPending || !p.active) {
            return;
        }
        p.restockPending = true;
        schedule(now + between(2 * HOUR, 24 * HOUR), () -> {
            p.restockPending = false;
            int quantity = 100 + random.nextInt(300);
            p.stock += quantity;
            emit(events.inventory(now, p, new StockRestocked("po-" + Ids.uuid(random), quantity)));
        });
    }

    private void adjustStock() {
        Product p = store.anyActiveProduct(random);
        // Shrinkage found at a count, never more than is there; sometimes a found item.
        int delta = random.nextDouble() < 0.8 ? -Math.min(p.stock, 1 + random.nextInt(3)) : 1 + random.nextInt(2);
        if (delta == 0) {
            return;
        }
        p.stock += delta;
        emit(events.inventory(now, p, new StockAdjusted(delta, delta < 0 ? "shrinkage" : "cycle count")));
        restockIfLow(p);
    }

    // ---- catalog and account changes ----

    private void changePrice() {
        Product p = store.anyActiveProduct(random);
        long old = p.priceCents;
        double factor = random.nextDouble() < 0.5
                ? 1 - (0.05 + random.nextDouble() * 0.25)
                : 1 + (0.03 + random.nextDouble() * 0.2);
        long cents = Math.max(99, (long) Math.floor(old * factor / 100.0) * 100 + 99);
        if (cents == old) {
            cents = old + 100;
        }
        String reason = cents < old ? "promotion" : random.nextDouble() < 0.5 ? "cost change" : "promotion ended";
        p.priceCents = cents;
        Money newPrice = money(cents);
        emit(events.catalog(now, p.id, new PriceChanged(money(old), newPrice, reason), newPrice));
    }

    /**
     * Marks down {@code products} active products by {@code fraction} (a sale starting now). Runs as
     * a task at the current simulated time, so the price changes come in order with the other events.
     */
    public void markDown(double fraction, int products) {
        if (fraction <= 0 || fraction >= 1) {
            throw new IllegalArgumentException("a markdown is a fraction between 0 and 1, got " + fraction);
        }
        schedule(now, () -> {
            for (int i = 0; i < products; i++) {
                Product p = store.anyActiveProduct(random);
                long old = p.priceCents;
                // The .99 price at or below the reduced one: a sale never takes less off than announced.
                long cents = Math.max(99, (long) Math.floor((old * (1 - fraction) + 1) / 100.0) * 100 - 1);
                if (cents >= old) {
                    continue;
                }
                p.priceCents = cents;
                Money newPrice = money(cents);
                emit(events.catalog(now, p.id, new PriceChanged(money(old), newPrice, "sale"), newPrice));
            }
        });
    }

    private void launchProduct() {
        addProduct(100 + random.nextInt(300));
    }

    private void discontinueProduct() {
        if (store.activeProducts() <= settings.products() / 2) {
            return;
        }
        Product p = store.anyActiveProduct(random);
        store.discontinue(p);
        emit(events.catalog(
                now,
                p.id,
                new ProductDiscontinued(random.nextDouble() < 0.5 ? "end of life" : "supplier dropped"),
                null));
    }

    private void requestErasure() {
        Customer c = store.anyCustomer(random);
        if (c == null || store.customerCount() <= 1) {
            return;
        }
        store.erase(c);
        String channel = random.nextDouble() < 0.6 ? "web" : random.nextDouble() < 0.5 ? "email" : "support";
        emit(events.customer(now, c.id, new ErasureRequested("er-" + Ids.uuid(random), channel)));
    }

    private void updateProfile() {
        Customer c = store.anyCustomer(random);
        if (c == null) {
            return;
        }
        if (random.nextDouble() < 0.5) {
            emit(events.customer(now, c.id, new ConsentUpdated(random.nextBoolean(), random.nextBoolean())));
        } else {
            emit(events.customer(now, c.id, new ProfileUpdated(null, Names.country(random), null)));
        }
    }

    // ---- incidents: known windows for the anomaly graders ----

    private void begin(Incident.Kind kind) {
        switch (kind) {
            case PAYMENT_OUTAGE -> paymentOutages++;
            case BOT_SWARM -> {
                if (botSwarms++ == 0) {
                    botArrival();
                }
            }
            case PRICING_ERROR -> {
                for (int i = 0; i < 5; i++) {
                    Product p = store.anyActiveProduct(random);
                    if (mispriced.containsKey(p)) {
                        continue;
                    }
                    long old = p.priceCents;
                    // A digit lost: a tenth of the price, still ending in .99.
                    long cents = Math.max(99, old / 1000 * 100 + 99);
                    if (cents >= old) {
                        continue;
                    }
                    mispriced.put(p, old);
                    mispricedList.add(p);
                    p.priceCents = cents;
                    Money newPrice = money(cents);
                    emit(events.catalog(now, p.id, new PriceChanged(money(old), newPrice, "pricing error"), newPrice));
                }
            }
        }
    }

    private void end(Incident.Kind kind) {
        switch (kind) {
            case PAYMENT_OUTAGE -> paymentOutages--;
            case BOT_SWARM -> botSwarms--;
            case PRICING_ERROR -> {
                for (Map.Entry<Product, Long> e : mispriced.entrySet()) {
                    Product p = e.getKey();
                    if (!p.active) {
                        continue;
                    }
                    long wrong = p.priceCents;
                    p.priceCents = e.getValue();
                    Money newPrice = money(p.priceCents);
                    emit(events.catalog(
                            now, p.id, new PriceChanged(money(wrong), newPrice, "pricing error corrected"), newPrice));
                }
                mispriced.clear();
                mispricedList.clear();
            }
        }
    }

    /** Scraper visits at twice the shop's mean visit rate while a swarm lasts, from a few addresses. */
    private void botArrival() {
        if (botSwarms == 0) {
            return;
        }
        List<Session.Step> plan = new ArrayList<>();
        plan.add(Session.Step.LANDING);
        for (int i = 20 + random.nextInt(40); i > 0; i--) {
            plan.add(Session.Step.PRODUCT);
        }
        SessionContext context = new SessionContext(
                Device.DESKTOP, BOT_AGENT, "192.0.2." + (1 + random.nextInt(16)), null, null, null, null);
        Session bot = new Session(
                "s-" + Ids.uuid(random), "v-" + Ids.uuid(random), null, context, Session.Intent.BROWSE, plan);
        bot.bot = true;
        step(bot);
        schedule(now + exponential(HOUR / (2 * settings.sessionsPerHour())), this::botArrival);
    }

    // ---- helpers ----

    private Money money(long cents) {
        return events.money(cents);
    }

    private SessionContext context() {
        double d = random.nextDouble();
        Device device = d < 0.40 ? Device.DESKTOP : d < 0.85 ? Device.MOBILE : d < 0.92 ? Device.TABLET : Device.APP;
        String agent = Names.USER_AGENTS[device.ordinal()];
        String ip = (random.nextBoolean() ? "198.51.100." : "203.0.113.") + (1 + random.nextInt(254));
        double c = random.nextDouble();
        if (c < 0.35) {
            return new SessionContext(device, agent, ip, null, null, null, null); // direct
        }
        if (c < 0.65) {
            return new SessionContext(device, agent, ip, "https://www.google.com/", null, null, null); // organic search
        }
        String campaign = Names.CAMPAIGNS[random.nextInt(Names.CAMPAIGNS.length)];
        if (c < 0.82) {
            return new SessionContext(device, agent, ip, "https://www.google.com/", "google", "cpc", campaign);
        }
        if (c < 0.93) {
            return new SessionContext(device, agent, ip, null, "newsletter", "email", campaign);
        }
        return new SessionContext(device, agent, ip, "https://www.instagram.com/", "instagram", "social", campaign);
    }
}
